import type { AckGuard } from '@droas/ack-protocol';
import {
  interactionJobId,
  interactionReplyTarget,
  malformedCommandReply,
  memberJoinJobId,
  toInteractionJob,
  toMemberJoinJob,
  type ContractError,
} from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import type { GatewayMetrics } from './gatewayMetrics.js';
import type { OrderedProducer } from './orderedProducer.js';

type Received = ReturnType<GatewayMetrics['eventsReceived']['labels']>;

export interface DispatchForwarderOptions {
  interactions: OrderedProducer;
  memberJoins: OrderedProducer;
  ackGuard: AckGuard;
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
  readonly #received = new Map<number, { interactions: Received; joins: Received }>();
  #malformedLogged = 0;

  constructor(options: DispatchForwarderOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  interactionCreate(raw: unknown, shardId: number): void {
    const receivedAtMs = this.#now();
    this.#receivedOn(shardId).interactions.inc();
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
    const job = result.value;
    // Arm the guard before enqueueing: the 3 s clock runs from creation, not from when Redis answers.
    this.#o.ackGuard.arm({
      id: job.id,
      applicationId: job.applicationId,
      token: job.token,
      guildId: job.guildId,
      createdAtMs: job.createdAtMs,
      commandName: job.command.name,
    });
    this.#o.interactions.submit(interactionJobId(job.id), job, receivedAtMs);
  }

  guildMemberAdd(raw: unknown, shardId: number): void {
    const receivedAtMs = this.#now();
    this.#receivedOn(shardId).joins.inc();
    const result = toMemberJoinJob(raw, { shardId, receivedAtMs });
    if (!result.ok) return this.#malformed('GUILD_MEMBER_ADD', shardId, result.error, raw);
    const job = result.value;
    this.#o.memberJoins.submit(memberJoinJobId(job.guildId, job.user.id, job.joinedAtMs), job, receivedAtMs);
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

  #receivedOn(shardId: number): { interactions: Received; joins: Received } {
    let counters = this.#received.get(shardId);
    if (counters === undefined) {
      const { eventsReceived } = this.#o.metrics;
      counters = {
        interactions: eventsReceived.labels({ type: 'INTERACTION_CREATE', shard: shardId }),
        joins: eventsReceived.labels({ type: 'GUILD_MEMBER_ADD', shard: shardId }),
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
