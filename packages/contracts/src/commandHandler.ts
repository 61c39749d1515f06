import type { InteractionJob } from './interactionJob.js';

/** Discord's `allowed_mentions`: who a message may ping. Replies default to pinging nobody. */
export interface AllowedMentions {
  readonly parse?: readonly ('users' | 'roles' | 'everyone')[];
  readonly users?: readonly string[];
  readonly roles?: readonly string[];
  readonly repliedUser?: boolean;
}

/** A minimal embed; Discord's full shape is larger, we send only these fields. */
export interface ReplyEmbed {
  readonly title?: string;
  readonly description?: string;
  readonly color?: number;
  readonly fields?: readonly { readonly name: string; readonly value: string; readonly inline?: boolean }[];
  readonly footer?: { readonly text: string };
  /** A small image at the embed's top right, such as a member's avatar. */
  readonly thumbnail?: { readonly url: string };
}

/** What a command answers. The worker turns it into a callback (type 4) or an edit of the deferred reply. */
export interface CommandReply {
  /** At most 2,000 characters. */
  readonly content: string;
  readonly embeds?: readonly ReplyEmbed[];
  /** Only the invoking user sees it. Refusals and errors are ephemeral. */
  readonly ephemeral: boolean;
  /** @defaultValue nobody is pinged */
  readonly allowedMentions?: AllowedMentions;
  /**
   * What the member must still learn if this reply never reaches them (nobody could acknowledge the
   * interaction in time, or its token died first): set by commands whose effect stands either way, such as a
   * payment that went through. The worker keeps it and tells the member privately on their next interaction
   * in the guild. Plain text, at most 500 characters; it never pings anyone.
   */
  readonly undeliveredNotice?: string;
}

/** A slash-command option as registered with Discord (`PUT /applications/{id}/commands`). */
export interface CommandOptionDefinition {
  readonly type: number;
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly min_length?: number;
  readonly max_length?: number;
  readonly choices?: readonly { readonly name: string; readonly value: string | number }[];
  readonly options?: readonly CommandOptionDefinition[];
}

/** A chat-input command as registered with Discord. */
export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  readonly options?: readonly CommandOptionDefinition[];
  /** Decimal permission bitfield a member needs by default (e.g. Manage Guild = "32"). */
  readonly default_member_permissions?: string | null;
  /** Guild-only commands: contexts [0] (GUILD). */
  readonly contexts?: readonly number[];
}

/**
 * One slash command: its registration and its handler. Domain packages (economy, welcome) export these;
 * the worker keeps a registry by name. A handler must be idempotent per `job.id` (a job can run twice) and
 * should refuse bad input with an ephemeral reply that says which option and what was expected.
 */
export interface CommandHandler {
  readonly definition: CommandDefinition;
  /** Whether the answer is ephemeral, so the gateway's deferral can match it before the answer exists. */
  readonly defersEphemeral: boolean;
  handle(job: InteractionJob): Promise<CommandReply>;
}
