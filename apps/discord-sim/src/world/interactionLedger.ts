import { AnswerLog } from './answerLog.js';
import type { Clock } from './clock.js';
import { Errors } from './discordError.js';
import type { MessageRecord, StoredMessage } from './messageStore.js';
import type { SimStats } from './simStats.js';

export type InteractionRule =
  'late-acknowledgement' | 'double-acknowledgement' | 'expired-token' | 'webhook-before-acknowledgement';

export interface InteractionRules {
  /** Discord: 3 s from dispatch to the initial response. */
  ackDeadlineMs: number;
  /** Discord: 15 min of edits and follow-ups after dispatch. */
  tokenLifetimeMs: number;
  /** When false, broken rules are recorded but the request succeeds. @defaultValue true */
  strict: boolean;
}

export interface Violation {
  rule: InteractionRule;
  at: number;
  /** The Discord error code the bot got (or would have got, when not strict). */
  code: number;
}

/** Everything that happened to one interaction: read back with `GET /_sim/interactions/{id}`. */
export interface InteractionTimeline {
  id: string;
  token: string;
  applicationId: string;
  guildId: string | null;
  channelId: string;
  userId: string;
  command: string;
  options: unknown[];
  /** Shard the event was routed to (by the shard count of the session that got it), null if undelivered. */
  shardId: number | null;
  delivered: boolean;
  dispatchedAt: number;
  acknowledgement: { type: 4 | 5; at: number; latencyMs: number; ephemeral: boolean } | null;
  /** The original response message, as it is now. */
  response: StoredMessage | null;
  /** Final content of the original response (after edits), null before any. */
  content: string | null;
  /** Edits of the original response; `viaFollowUp`: a follow-up that replaced the deferral's "thinking…". */
  edits: { at: number; content: string; viaFollowUp?: true }[];
  followUps: { at: number; messageId: string; content: string }[];
  /** Messages of this interaction deleted through its webhook: the original response, or a follow-up. */
  deletions: { at: number; messageId: string; original: boolean }[];
  violations: Violation[];
  /** When the member could first read an answer (the callback's content, or the edit after a deferral). */
  answeredAt?: number;
}

export interface InteractionEntry {
  timeline: InteractionTimeline;
  original: MessageRecord | null;
  followUps: MessageRecord[];
}

/**
 * Keeps every interaction's timeline and enforces the acknowledgement protocol: one initial response within
 * 3 s (10062 when late or unknown, 40060 for a second), then a 15-minute token for edits and follow-ups
 * (50027 after). Bounded: past `maxEntries`, the oldest interactions are forgotten.
 */
export class InteractionLedger {
  readonly #byId = new Map<string, InteractionEntry>();
  readonly #byToken = new Map<string, InteractionEntry>();

  /** First answers in order, for load generators. */
  readonly answers: AnswerLog;

  constructor(
    private readonly clock: Clock,
    private readonly rules: InteractionRules,
    private readonly stats: SimStats,
    private readonly maxEntries: number,
  ) {
    this.answers = new AnswerLog(maxEntries);
  }

  add(timeline: InteractionTimeline): InteractionEntry {
    const entry: InteractionEntry = { timeline, original: null, followUps: [] };
    this.#byId.set(timeline.id, entry);
    this.#byToken.set(timeline.token, entry);
    if (this.#byId.size > this.maxEntries) {
      const oldest = this.#byId.values().next().value;
      if (oldest) {
        this.#byId.delete(oldest.timeline.id);
        this.#byToken.delete(oldest.timeline.token);
      }
    }
    return entry;
  }

  get(id: string): InteractionEntry | undefined {
    return this.#byId.get(id);
  }

  recent(limit: number): InteractionTimeline[] {
    const all = [...this.#byId.values()];
    return all.slice(Math.max(all.length - limit, 0)).map((e) => e.timeline);
  }

  /** Checks an initial response (callback); throws the Discord error when a rule forbids it. */
  acknowledge(id: string, token: string, type: 4 | 5, ephemeral: boolean): InteractionEntry {
    const entry = this.#byId.get(id);
    if (!entry || entry.timeline.token !== token) throw Errors.unknownInteraction();
    const now = this.clock.now();
    const t = entry.timeline;
    if (t.acknowledgement !== null) {
      this.stats.doubleAcknowledgements += 1;
      t.violations.push({ rule: 'double-acknowledgement', at: now, code: 40060 });
      throw Errors.alreadyAcknowledged();
    }
    if (now - t.dispatchedAt > this.rules.ackDeadlineMs) {
      this.stats.lateAcknowledgements += 1;
      t.violations.push({ rule: 'late-acknowledgement', at: now, code: 10062 });
      if (this.rules.strict) throw Errors.unknownInteraction();
    }
    this.stats.acknowledged += 1;
    t.acknowledgement = { type, at: now, latencyMs: now - t.dispatchedAt, ephemeral };
    return entry;
  }

  /**
   * The interaction behind a webhook call. Before the interaction is acknowledged its token is not a webhook
   * yet (10015). A write then is a bot's bug (its message is lost) and a violation; a read is a bot asking
   * whether anyone has answered, which Discord answers the same way and does not hold against it.
   */
  authorizeWebhook(applicationId: string, token: string, method: string): InteractionEntry {
    const entry = this.#byToken.get(token);
    if (!entry || entry.timeline.applicationId !== applicationId) throw Errors.unknownWebhook();
    const now = this.clock.now();
    const t = entry.timeline;
    if (now - t.dispatchedAt > this.rules.tokenLifetimeMs) {
      this.stats.expiredTokenUses += 1;
      t.violations.push({ rule: 'expired-token', at: now, code: 50027 });
      if (this.rules.strict) throw Errors.invalidWebhookToken();
    }
    if (t.acknowledgement === null) {
      if (method !== 'GET')
        t.violations.push({ rule: 'webhook-before-acknowledgement', at: now, code: 10015 });
      throw Errors.unknownWebhook();
    }
    return entry;
  }

  /** Notes the first answer the member can read: a callback of type 4, or an edit of the deferral's message. */
  answered(entry: InteractionEntry, at: number): void {
    const t = entry.timeline;
    if (t.answeredAt !== undefined || t.acknowledgement === null) return;
    t.answeredAt = at;
    this.answers.add({
      id: t.id,
      command: t.command,
      guildId: t.guildId,
      userId: t.userId,
      dispatchedAt: t.dispatchedAt,
      answeredAt: at,
      latencyMs: at - t.dispatchedAt,
      ackType: t.acknowledgement.type,
      ackLatencyMs: t.acknowledgement.latencyMs,
      content: (t.content ?? '').slice(0, 200),
    });
  }

  reset(): void {
    this.#byId.clear();
    this.#byToken.clear();
    this.answers.reset();
  }
}
