import type { Snowflake } from '@droas/contracts';
import type { Cluster, Redis } from 'ioredis';
import { viewClaim, type ClaimView } from './ackClaim.js';
import { ADMIT_SCRIPT } from './ackScripts.js';
import type { InteractionRef } from './ackStore.js';
import type { InteractionKeys } from './interactionKeys.js';
import { recordTtlMs } from './redisAckStore.js';

/** A token bucket's policy: a burst of `capacity`, refilled at `refillPerSecond`. */
export interface BucketPolicy {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** The rate limits every interaction is admitted under. */
export interface AdmissionLimits {
  readonly member: BucketPolicy;
  readonly guild: BucketPolicy;
}

/** Whether the member's request was within the limits when they made it. */
export type AdmissionDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly scope: 'user' | 'guild'; readonly retryAfterMs: number };

/** What admitting an interaction found. */
export type Admission =
  /** Its answer was delivered already (`via`): a re-run has nothing to do. */
  | { readonly kind: 'done'; readonly via: string }
  | {
      readonly kind: 'admitted';
      /** False when an earlier attempt was admitted: the decision is that one's, and nothing was charged. */
      readonly first: boolean;
      readonly decision: AdmissionDecision;
      /** The acknowledgement claim as it stood. */
      readonly claim: ClaimView;
      /** The member has answers that never reached them (`notices`). */
      readonly hasNotices: boolean;
    };

/** An interaction to admit: its record, and whose request it is. */
export interface AdmissionRequest extends InteractionRef {
  readonly userId: Snowflake;
}

// ioredis adds a method per defineCommand at runtime; this names ours.
interface AdmitCommand {
  droasAdmit(...args: (string | number)[]): Promise<unknown>;
}

const NOTICE_FLAG_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * How many of a bucket's latest charges a late request is judged against: twice the burst and some, so the
 * stretches around it that the burst can fill are all in view; at most 512, so judging one stays cheap.
 */
function bucketLogSize(policy: BucketPolicy): number {
  return Math.min(512, 2 * Math.ceil(policy.capacity) + 16);
}

/**
 * Admits interactions once each, in one round trip: the member's and the guild's token buckets are charged
 * at the interaction's creation, when the member asked, and the decision is kept on the interaction's record.
 * So a retry, a replay of a stored outcome, or a job that waited out an outage is never charged again, nor
 * refused for the time it spent waiting: what the member is told depends only on what they did.
 *
 * Buckets run on Discord's clock (the snowflake time), not the worker's, and judge each request as the
 * member made it whatever order the jobs run in: concurrency reorders them a little, a lock expiry or an
 * outage a lot. A request older than the bucket's latest charge is judged against the log of its latest
 * charges (`ackScripts.ts`), where the plain bucket would have charged it as of the newest one and refused
 * members who kept within the limit.
 */
export class InteractionAdmission {
  readonly #redis: Redis | Cluster;
  readonly #keys: InteractionKeys;
  readonly #limits: AdmissionLimits;
  readonly #logSizes: { readonly member: number; readonly guild: number };

  /** `redis` is shared and stays the caller's to close. */
  constructor(redis: Redis | Cluster, keys: InteractionKeys, limits: AdmissionLimits) {
    for (const [name, policy] of Object.entries(limits) as [string, BucketPolicy][]) {
      if (!(policy.capacity >= 1) || !(policy.refillPerSecond > 0)) {
        throw new RangeError(`${name} limit needs a capacity ≥ 1 and a positive refill rate`);
      }
    }
    this.#redis = redis;
    this.#keys = keys;
    this.#limits = limits;
    this.#logSizes = { member: bucketLogSize(limits.member), guild: bucketLogSize(limits.guild) };
    redis.defineCommand('droasAdmit', { numberOfKeys: 6, lua: ADMIT_SCRIPT });
  }

  async admit(request: AdmissionRequest): Promise<Admission> {
    const { guildId, userId } = request;
    const { member, guild } = this.#limits;
    const reply = await (this.#redis as unknown as AdmitCommand).droasAdmit(
      this.#keys.record(guildId, request.id),
      this.#keys.memberBucket(guildId, userId),
      this.#keys.guildBucket(guildId),
      this.#keys.noticeFlag(guildId, userId),
      this.#keys.memberBucketLog(guildId, userId),
      this.#keys.guildBucketLog(guildId),
      request.createdAtMs,
      member.capacity,
      member.refillPerSecond,
      guild.capacity,
      guild.refillPerSecond,
      recordTtlMs(request),
      request.id,
      this.#logSizes.member,
      this.#logSizes.guild,
    );
    return parseAdmission(reply);
  }

  /** Marks that the member has undelivered answers waiting, so their next interaction carries them. */
  async flagNotices(guildId: Snowflake, userId: Snowflake): Promise<void> {
    await this.#redis.set(this.#keys.noticeFlag(guildId, userId), '1', 'PX', NOTICE_FLAG_TTL_MS);
  }

  /** The member's waiting answers were delivered. */
  async clearNotices(guildId: Snowflake, userId: Snowflake): Promise<void> {
    await this.#redis.del(this.#keys.noticeFlag(guildId, userId));
  }
}

function parseAdmission(reply: unknown): Admission {
  if (!Array.isArray(reply) || reply.length !== 5) {
    throw new TypeError(`unexpected admission script reply: ${JSON.stringify(reply)}`);
  }
  const [kind, value, claim, notice, now] = reply as [string, string, string, number, string];
  if (kind === 'done') return { kind: 'done', via: value };
  return {
    kind: 'admitted',
    first: kind === 'first',
    decision: parseDecision(value),
    claim: viewClaim(claim === '' ? null : claim, Number(now)),
    hasNotices: Number(notice) === 1,
  };
}

function parseDecision(value: string): AdmissionDecision {
  if (value === 'ok') return { allowed: true };
  const match = /^(user|guild):(\d+)$/.exec(value);
  if (match === null) throw new TypeError(`unexpected admission decision: ${JSON.stringify(value)}`);
  return { allowed: false, scope: match[1] as 'user' | 'guild', retryAfterMs: Number(match[2]) };
}
