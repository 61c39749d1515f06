import type { AllowedMentions, CommandReply, ReplyEmbed } from '@droas/contracts';

/**
 * Replies mention members by `<@id>` so names render, but ping nobody: a payment note or a currency name
 * containing `@everyone` stays text.
 */
export const NO_MENTIONS: AllowedMentions = { parse: [] };

// Discord's limit on message content.
const MAX_CONTENT_CHARS = 2000;

/** A reply everyone in the channel sees. */
export function publicReply(content: string, embeds?: readonly ReplyEmbed[]): CommandReply {
  return build(content, false, embeds);
}

/** A reply only the invoking member sees: answers about their own money, refusals and errors. */
export function privateReply(content: string, embeds?: readonly ReplyEmbed[]): CommandReply {
  return build(content, true, embeds);
}

function build(content: string, ephemeral: boolean, embeds: readonly ReplyEmbed[] | undefined): CommandReply {
  // Renderers stay well under the limit; cutting here keeps a bug from turning into a failed interaction.
  const text = content.length > MAX_CONTENT_CHARS ? `${content.slice(0, MAX_CONTENT_CHARS - 1)}…` : content;
  return { content: text, ephemeral, allowedMentions: NO_MENTIONS, ...(embeds && { embeds }) };
}

/** `<@id>`: renders as the member's name; never pings, because every reply allows no mentions. */
export function mention(userId: string): string {
  return `<@${userId}>`;
}
