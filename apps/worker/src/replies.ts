import type { AdmissionDecision } from '@droas/ack-protocol';
import type { CommandReply } from '@droas/contracts';
import type { PendingNotices } from './memberNotices.js';

// The worker's own answers, beside the commands': every one private, pinging nobody.

const MAX_CONTENT_CHARS = 2_000;

function privateText(content: string): CommandReply {
  return { content, ephemeral: true, allowedMentions: { parse: [] } };
}

/**
 * What a member over a limit is told: nothing was done, and when to try again. Given only when the request
 * itself was over the limit when the member made it (admission charges each interaction once, at its
 * creation), so it is always true.
 */
export function tooFastReply(decision: Extract<AdmissionDecision, { allowed: false }>): CommandReply {
  const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
  const who = decision.scope === 'user' ? 'You are' : 'This server is';
  return privateText(`${who} sending commands too fast, so I did nothing. Try again in ${seconds} s.`);
}

/** A command this worker has no handler for (removed, or registered by a newer version). */
export function unknownCommandReply(name: string): CommandReply {
  return privateText(`I don't know /${name} any more. It may have been removed.`);
}

/**
 * The answer to a command that failed. `definitive`: the database refused it as written, inside the
 * transaction that rolled back, so nothing changed. Otherwise the outcome may be unknown (a connection lost
 * at commit), and the member is told how to check rather than that nothing happened.
 */
export function apologyFor(error: unknown, definitive: boolean): CommandReply {
  if (!definitive) {
    return privateText(
      "Sorry, I couldn't finish that. Check `/balance` or `/history` to see whether it went through before trying again.",
    );
  }
  const code =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const why = code.startsWith('22')
    ? 'some of what you gave (a character or a number) cannot be stored'
    : 'it could not be saved as given';
  return privateText(`Sorry, that did not work: ${why}. Nothing was changed.`);
}

/** The member's waiting notices on their own, as a private message. */
export function noticesReply(notices: PendingNotices): CommandReply {
  return privateText(notices.text);
}

/**
 * `reply` with the member's waiting notices after it, when it is private and they fit in Discord's 2,000
 * characters; `attached` says whether they did (if not, they go as a private follow-up).
 */
export function attachNotices(
  reply: CommandReply,
  notices: PendingNotices | undefined,
): { reply: CommandReply; attached: boolean } {
  if (notices === undefined || !reply.ephemeral) return { reply, attached: false };
  const content = `${reply.content}\n\n${notices.text}`;
  return content.length <= MAX_CONTENT_CHARS
    ? { reply: { ...reply, content }, attached: true }
    : { reply, attached: false };
}
