import type { AckGuard } from '@droas/ack-protocol';
import {
  interactionJobId,
  interactionReplyTarget,
  jobIdForJob,
  malformedCommandReply,
  mayBeScreeningPassed,
  toInteractionJob,
  toMemberJoinJob,
  toMemberLeaveJob,
  toMemberScreenedJob,
  type ContractError,
  type ContractResult,
  type DispatchContext,
  type MemberEventJob,
} from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import type { GatewayMetrics } from './gatewayMetrics.js';
import type { GuildDirectory } from './guildDirectory.js';
import type { OrderedProducer } from './orderedProducer.js';

type Received = ReturnType<GatewayMetrics['eventsReceived']['labels']>;
type CountedEvent = 'INTERACTION_CREATE' | 'GUILD_MEMBER_ADD' | 'GUILD_MEMBER_REMOVE' | 'GUILD_MEMBER_UPDATE';

export interface DispatchForwarderOptions {
  /** The interactions producer of a shard's partition. */
  interactions: (shardId: number) => OrderedProducer;
  /**
   * The member-events producer of a shard's partition. Joins, leaves and screening passes share one queue, so
   * a member's events keep the order they arrived in.
   */
  memberEvents: (shardId: number) => OrderedProducer;
  /** The guilds' names and member counts, carried on member events. */
  guilds: GuildDirectory;
  ackGuard: AckGuard;
  /** Whether a shard's interactions queue is behind, so the guard should defer at once ({@link QueueLag}). */
  queueBehind?: (shardId: number) => boolean;
  logger: Logger;
  metrics: GatewayMetrics;
  now?: () => number;
}

/**
 * Turns raw gateway dispatches into validated jobs and hands them to the producers. It never throws on
 * input: a dispatch that breaks the contract is counted, logged by field (never by value: it may hold a
 * token), and dropped, and the shard keeps going.
 */
export class DispatchForwarder {
  readonly #o: DispatchForwarderOptions;
  readonly #now: () => number;
  // Per shard, bound once: counted on every dispatch, and prom-client hashes a label object on every call.
  readonly #received = new Map<number, Record<CountedEvent, Received>>();
  #malformedLogged = 0;

  constructor(options: DispatchForwarderOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  interactionCreate(raw: unknown, shardId: number): void {
    const receivedAtMs = this.#now();
    this.#receivedOn(shardId).INTERACTION_CREATE.inc();
    if (isUnsupportedInteraction(raw)) {
      this.#o.metrics.unsupported.inc({ type: 'INTERACTION_CREATE' });
      return;
    }
    const result = toInteractionJob(raw, { shardId, receivedAtMs });
    if (!result.ok) {
      this.#malformed('INTERACTION_CREATE', shardId, result.error, raw);
      this.#answerMalformed(raw, result.error);
      return;
    }
    const guild = this.#o.guilds.glance(result.value.guildId);
    const job = guild === undefined ? result.value : { ...result.value, guild };
    // Arm the guard before enqueueing: the 3 s clock runs from creation, not from when Redis answers.
    const when = this.#o.queueBehind?.(shardId) === true ? 'at-once' : 'at-fire';
    this.#o.metrics.guardArmed.inc({ when });
    this.#o.ackGuard.arm(
      {
        id: job.id,
        applicationId: job.applicationId,
        token: job.token,
        guildId: job.guildId,
        createdAtMs: job.createdAtMs,
        commandName: job.command.name,
      },
      when,
    );
    this.#o.interactions(shardId).submit(interactionJobId(job.id), job, receivedAtMs);
  }

  guildCreate(raw: unknown): void {
    this.#o.guilds.learn(raw);
  }

  guildMemberAdd(raw: unknown, shardId: number): void {
    const receivedAtMs = this.#now();
    this.#receivedOn(shardId).GUILD_MEMBER_ADD.inc();
    const guild = this.#o.guilds.memberJoined(guildIdOf(raw));
    this.#forwardMemberEvent(
      'GUILD_MEMBER_ADD',
      raw,
      shardId,
      toMemberJoinJob(raw, this.#context(shardId, receivedAtMs, guild)),
    );
  }

  guildMemberRemove(raw: unknown, shardId: number): void {
    const receivedAtMs = this.#now();
    this.#receivedOn(shardId).GUILD_MEMBER_REMOVE.inc();
    const guild = this.#o.guilds.memberLeft(guildIdOf(raw));
    this.#forwardMemberEvent(
      'GUILD_MEMBER_REMOVE',
      raw,
      shardId,
      toMemberLeaveJob(raw, this.#context(shardId, receivedAtMs, guild)),
    );
  }

  guildMemberUpdate(raw: unknown, shardId: number): void {
    const receivedAtMs = this.#now();
    this.#receivedOn(shardId).GUILD_MEMBER_UPDATE.inc();
    // Every role change of every member is an update; only one that may end screening goes on.
    if (!mayBeScreeningPassed(raw, receivedAtMs)) return;
    this.#forwardMemberEvent(
      'GUILD_MEMBER_UPDATE',
      raw,
      shardId,
      toMemberScreenedJob(raw, { shardId, receivedAtMs }),
    );
  }

  #context(
    shardId: number,
    receivedAtMs: number,
    guild: ReturnType<GuildDirectory['memberJoined']>,
  ): DispatchContext {
    return guild === undefined ? { shardId, receivedAtMs } : { shardId, receivedAtMs, guild };
  }

  #forwardMemberEvent(
    type: string,
    raw: unknown,
    shardId: number,
    result: ContractResult<MemberEventJob>,
  ): void {
    if (!result.ok) return this.#malformed(type, shardId, result.error, raw);
    this.#o.memberEvents(shardId).submit(jobIdForJob(result.value), result.value, result.value.receivedAtMs);
  }

  /**
   * A dispatch that cannot become a job still deserves an answer when it can be given one (its id, token and
   * guild are sound): a private error naming what was wrong, instead of "The application did not respond".
   */
  #answerMalformed(raw: unknown, error: ContractError): void {
    const target = interactionReplyTarget(raw);
    if (target === undefined) return;
    void this.#o.ackGuard
      .replyWithError(target, malformedCommandReply(raw, error))
      .catch(() => 'failed' as const)
      .then((result) => this.#o.metrics.errorReplies.inc({ result }));
  }

  #receivedOn(shardId: number): Record<CountedEvent, Received> {
    let counters = this.#received.get(shardId);
    if (counters === undefined) {
      const { eventsReceived } = this.#o.metrics;
      const bind = (type: CountedEvent) => eventsReceived.labels({ type, shard: shardId });
      counters = {
        INTERACTION_CREATE: bind('INTERACTION_CREATE'),
        GUILD_MEMBER_ADD: bind('GUILD_MEMBER_ADD'),
        GUILD_MEMBER_REMOVE: bind('GUILD_MEMBER_REMOVE'),
        GUILD_MEMBER_UPDATE: bind('GUILD_MEMBER_UPDATE'),
      };
      this.#received.set(shardId, counters);
    }
    return counters;
  }

  #malformed(type: string, shardId: number, error: ContractError, raw: unknown): void {
    this.#o.metrics.malformed.inc({ type });
    // A flood of bad input must not become a flood of log lines: the first 100, then every 1,000th.
    const n = ++this.#malformedLogged;
    if (n <= 100 || n % 1000 === 0) {
      const id = isObject(raw) && typeof raw.id === 'string' ? raw.id.slice(0, 24) : undefined;
      this.#o.logger.warn(
        { type, shardId, id, problems: error.issues.slice(0, 5), seen: n },
        'malformed dispatch skipped',
      );
    }
  }
}

// Well-formed interactions we do not serve: components (3), autocomplete (4), modals (5), and context-menu
// commands (data.type 2 or 3). They are skipped, not counted as malformed.
function isUnsupportedInteraction(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  if (raw.type === 3 || raw.type === 4 || raw.type === 5) return true;
  return raw.type === 2 && isObject(raw.data) && (raw.data.type === 2 || raw.data.type === 3);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function guildIdOf(raw: unknown): string | undefined {
  return isObject(raw) && typeof raw.guild_id === 'string' ? raw.guild_id : undefined;
}
