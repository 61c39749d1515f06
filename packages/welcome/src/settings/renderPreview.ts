import type { CommandReply, ReplyEmbed } from '@droas/contracts';
import { buildGreeting } from '../message/buildGreeting.js';
import { DISCORD_LIMITS } from '../message/discordLimits.js';
import { embedChars } from '../message/embedChars.js';
import { describeGreetingProblem } from '../message/greetingProblem.js';
import type { GreetingOutput } from '../message/greetingMessage.js';
import type { TemplateContext } from '../templates/templateContext.js';
import { cutToLength } from '../text/cutToLength.js';
import { describeBlock } from './describeBlock.js';
import type { GreetingSettings } from './greetingSettings.js';

/**
 * `/welcome preview` or `/goodbye preview`: the message rendered for the invoking member (standing in for
 * the new one), privately and pinging nobody, with a note saying exactly whom the real message would ping,
 * where it goes, and what keeps it from being sent. The note is an embed after the message's own; when that
 * would break the 6,000-character total it goes above the message's text instead.
 */
export function renderPreview(settings: GreetingSettings, context: TemplateContext): CommandReply {
  const built = buildGreeting(settings.message, context);
  if (!built.ok) {
    const problem = describeGreetingProblem(built.problem);
    return reply(
      `The saved ${settings.kind} message no longer works: ${problem} Set it again with \`/${settings.kind} message\`.`,
      [],
    );
  }
  const greeting = built.message;
  const note = noteFor(settings, greeting, context);
  const embeds = [...greeting.embeds, note];
  if (embedChars(embeds) <= DISCORD_LIMITS.embedTotalChars) return reply(greeting.content, embeds);
  const text = [
    note.title,
    note.description,
    ...(note.fields ?? []).map((f) => `${f.name}: ${f.value}`),
  ].join('\n');
  return reply(cutToLength(`${text}\n\n${greeting.content}`, DISCORD_LIMITS.contentChars), greeting.embeds);
}

function noteFor(settings: GreetingSettings, greeting: GreetingOutput, context: TemplateContext): ReplyEmbed {
  const mention = `<@${context.member.id}>`;
  const pings = !greeting.content.includes(mention)
    ? 'Pings **nobody**.'
    : settings.kind === 'welcome'
      ? `Pings **the new member only** (here ${mention}, you; this preview pings nobody).`
      : 'Pings **nobody**: it mentions the member, who has left.';
  const lines = [
    pings,
    settings.channelId === null
      ? `No channel yet: \`/${settings.kind} channel\`.`
      : `Posted in <#${settings.channelId}>.`,
    ...(settings.enabled
      ? []
      : [
          `${settings.kind === 'welcome' ? 'Welcome' : 'Goodbye'} messages are off: \`/${settings.kind} enable\`.`,
        ]),
    ...(settings.blocked ? [`⚠️ ${describeBlock(settings.blocked, settings)}`] : []),
  ];
  const fields =
    settings.kind === 'welcome' && settings.dm.enabled ? [dmField(settings.dm.text, context)] : [];
  return { title: `Preview of the ${settings.kind} message`, description: lines.join('\n'), fields };
}

function dmField(text: string, context: TemplateContext): { name: string; value: string } {
  const dm = buildGreeting({ kind: 'text', text }, context);
  return {
    name: 'Also sent as a DM',
    value: dm.ok
      ? cutToLength(dm.message.content, 1024)
      : 'the DM text no longer works: set it again with `/welcome dm`',
  };
}

function reply(content: string, embeds: readonly ReplyEmbed[]): CommandReply {
  return { content, embeds, ephemeral: true, allowedMentions: { parse: [] } };
}
