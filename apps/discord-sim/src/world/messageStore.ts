import type { MessageInput } from './messageInput.js';
import type { UserObject } from './population.js';
import { resolveMentions, type MentionScope, type Pings } from './resolveMentions.js';

/** A message as Discord returns it (the fields discord.js reads), plus who it pinged. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: UserObject;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: { id: string }[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: unknown[];
  components: unknown[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
}

export interface MessageRecord {
  message: StoredMessage;
  /** Who the message would actually notify under its `allowed_mentions` (simulator read-back only). */
  pings: Pings;
  /** When it was deleted: it is then gone from its channel and from every route that could find it. */
  deletedAtMs?: number;
}

export interface NewMessage {
  id: string;
  channelId: string;
  guildId: string | undefined;
  author: UserObject;
  input: MessageInput;
  /** Who its mentions can reach, and what pings without `allowed_mentions`. */
  mentionScope: MentionScope;
  nowMs: number;
  type?: number;
  webhookId?: string;
  /** Ephemeral interaction responses are not visible in the channel, so they are not kept in its history. */
  visibleInChannel?: boolean;
}

/** Channel histories, bounded in total: the oldest messages of the whole simulator are dropped first. */
export class MessageStore {
  readonly #byChannel = new Map<string, MessageRecord[]>();
  // Channel of every stored message in arrival order, to find the globally oldest one to evict.
  #arrivals: string[] = [];
  #head = 0;

  constructor(private readonly maxMessages: number) {}

  create(spec: NewMessage): MessageRecord {
    const { input } = spec;
    const pings = resolveMentions(input.content, input.allowedMentions, spec.mentionScope);
    const message: StoredMessage = {
      id: spec.id,
      channel_id: spec.channelId,
      ...(spec.guildId === undefined ? {} : { guild_id: spec.guildId }),
      author: spec.author,
      content: input.content,
      timestamp: new Date(spec.nowMs).toISOString(),
      edited_timestamp: null,
      tts: input.tts,
      mention_everyone: pings.everyone,
      mentions: mentionedUsers(pings),
      mention_roles: pings.roles,
      attachments: [],
      embeds: input.embeds,
      components: input.components,
      pinned: false,
      type: spec.type ?? 0,
      flags: input.flags,
      ...(spec.webhookId === undefined ? {} : { webhook_id: spec.webhookId, application_id: spec.webhookId }),
    };
    const record: MessageRecord = { message, pings };
    if (spec.visibleInChannel ?? true) this.#append(record);
    return record;
  }

  /**
   * Applies the fields present in an edit. New content has its mentions worked out afresh under the edit's own
   * `allowed_mentions`, or the scope's defaults without one, whatever the message was created with (docs
   * `resources/message.mdx`, "Edit Message").
   */
  edit(record: MessageRecord, input: Partial<MessageInput>, nowMs: number, scope: MentionScope): void {
    const m = record.message;
    if (input.embeds !== undefined) m.embeds = input.embeds;
    if (input.components !== undefined) m.components = input.components;
    if (input.flags !== undefined) m.flags = input.flags;
    m.edited_timestamp = new Date(nowMs).toISOString();
    if (input.content === undefined) return;
    m.content = input.content;
    record.pings = resolveMentions(m.content, input.allowedMentions, scope);
    m.mention_everyone = record.pings.everyone;
    m.mentions = mentionedUsers(record.pings);
    m.mention_roles = record.pings.roles;
  }

  /** Deletes a message. It stays counted towards the bound until it is evicted, so eviction stays in order. */
  delete(record: MessageRecord, nowMs: number): void {
    record.deletedAtMs = nowMs;
  }

  list(channelId: string): readonly MessageRecord[] {
    return (this.#byChannel.get(channelId) ?? []).filter((r) => r.deletedAtMs === undefined);
  }

  reset(): void {
    this.#byChannel.clear();
    this.#arrivals = [];
    this.#head = 0;
  }

  #append(record: MessageRecord): void {
    const channelId = record.message.channel_id;
    let list = this.#byChannel.get(channelId);
    if (!list) this.#byChannel.set(channelId, (list = []));
    list.push(record);
    this.#arrivals.push(channelId);
    if (this.#arrivals.length - this.#head > this.maxMessages) {
      const oldest = this.#arrivals[this.#head]!;
      this.#head += 1;
      const oldList = this.#byChannel.get(oldest);
      oldList?.shift();
      if (oldList?.length === 0) this.#byChannel.delete(oldest);
      // Compact now and then rather than shift the arrivals array on every message.
      if (this.#head > 100_000) {
        this.#arrivals = this.#arrivals.slice(this.#head);
        this.#head = 0;
      }
    }
  }
}

function mentionedUsers(pings: Pings): StoredMessage['mentions'] {
  return pings.users.map((id) => ({
    id,
    username: `user-${id.slice(-4)}`,
    discriminator: '0',
    avatar: null,
  }));
}
