import { DISCORD_LIMITS } from '../message/discordLimits.js';
import type { GreetingKind, GreetingMessage } from '../message/greetingMessage.js';
import { describeGreetingProblem } from '../message/greetingProblem.js';
import { pingsMember } from '../message/pingedMember.js';
import { validateGreeting } from '../message/validateGreeting.js';
import { accepted, rejected, type OptionResult } from '../options/optionResult.js';
import { formatCount } from '../text/formatCount.js';
import type { WelcomeSettings } from './greetingSettings.js';

/** Checks a new channel message; the confirmation says its longest rendering and whom it pings. */
export function changeMessage(message: GreetingMessage, kind: GreetingKind): OptionResult<string> {
  const checked = validateGreeting(message);
  if (!checked.ok) return rejected(describeGreetingProblem(checked.problem));
  const { content, embed } = checked.greeting;
  const size =
    embed === undefined
      ? `plain text of at most ${formatCount(content?.worstCase ?? 0)} of ${formatCount(DISCORD_LIMITS.contentChars)} characters`
      : `an embed of at most ${formatCount(embed.description.worstCase)} of ${formatCount(DISCORD_LIMITS.embedDescriptionChars)} characters of text`;
  const pings = !pingsMember(checked.greeting)
    ? 'It pings nobody.'
    : kind === 'welcome'
      ? 'It pings the new member, and nobody else.'
      : 'It mentions the member, who has left and is not notified.';
  const noun = kind === 'welcome' ? 'Welcome' : 'Goodbye';
  return accepted(
    `${noun} message saved: ${size} with the longest names. ${pings} \`/${kind} preview\` shows it.`,
  );
}

/** Turns the welcome DM on or off, and changes its text when one is given. */
export function changeDm(
  dm: WelcomeSettings['dm'],
  enabled: boolean,
  text: string | undefined,
): OptionResult<{ dm: WelcomeSettings['dm']; confirmation: string }> {
  if (text !== undefined) {
    const checked = validateGreeting({ kind: 'text', text });
    if (!checked.ok) return rejected(describeGreetingProblem(checked.problem));
  }
  const next = { enabled, text: text ?? dm.text };
  const confirmation = enabled
    ? `New members also get a private message${text === undefined ? '' : ' with your text'}. Members who closed their DMs get none.`
    : 'New members get no private message.';
  return accepted({ dm: next, confirmation });
}
