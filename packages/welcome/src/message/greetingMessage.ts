import type { AllowedMentions, ReplyEmbed, Snowflake } from '@droas/contracts';

/** Welcome (a member joined) or goodbye (a member left). */
export type GreetingKind = 'welcome' | 'goodbye';

/** A greeting as plain text: one template. */
export interface TextGreeting {
  readonly kind: 'text';
  readonly text: string;
}

/** A greeting as an embed, with optional plain text above it. Every string is a template. */
export interface EmbedGreeting {
  readonly kind: 'embed';
  /** Plain text above the embed; the only part where `{user}` can ping. */
  readonly content?: string;
  readonly title?: string;
  readonly description: string;
  readonly footer?: string;
  /** `0x000000` to `0xFFFFFF`; Discord's default grey when absent. */
  readonly color?: number;
  /** Show the member's avatar as the embed's thumbnail. */
  readonly thumbnail: boolean;
}

/** What an admin configures for a welcome or goodbye message (templates as written, not parsed). */
export type GreetingMessage = TextGreeting | EmbedGreeting;

/** The template fields of a greeting, named as the command options that set them. */
export type GreetingField = 'text' | 'content' | 'title' | 'description' | 'footer';

/**
 * An embed as a greeting sends it. `thumbnail` is beyond `ReplyEmbed` (contracts): until contracts and
 * discord-rest carry it, a sender that maps through `toMessageJson` drops it.
 */
export interface GreetingEmbed extends ReplyEmbed {
  readonly thumbnail?: { readonly url: string };
}

/** A message ready to send: the shape of `CommandReply`'s message part, so discord-rest can send it. */
export interface GreetingOutput {
  readonly content: string;
  readonly embeds: readonly GreetingEmbed[];
  readonly allowedMentions: AllowedMentions;
}

/** Greetings ping nobody but the member they are about: `{ parse: [], users: [memberId] }`. */
export function memberOnlyMentions(memberId: Snowflake): AllowedMentions {
  return { parse: [], users: [memberId] };
}
