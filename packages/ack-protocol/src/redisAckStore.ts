import { INTERACTION_TOKEN_LIFETIME_MS } from '@droas/contracts';
import { Cluster, type Redis } from 'ioredis';
import {
  encodeSettled,
  viewClaim,
  type ClaimView,
  type Party,
  type SettledAck,
  type TakeRequest,
  type TakeResult,
} from './ackClaim.js';
import {
  READ_CLAIM_SCRIPT,
  RELEASE_CLAIM_SCRIPT,
  SETTLE_CLAIM_SCRIPT,
  TAKE_CLAIM_SCRIPT,
} from './ackScripts.js';
import type { AckStore, AnsweredVia, InteractionRef } from './ackStore.js';
import type { InteractionKeys } from './interactionKeys.js';

// ioredis adds a method per defineCommand at runtime; these name the ones we add.
interface ClaimCommands {
  droasTakeClaim(
    key: string,
    letter: string,
    leaseMs: number,
    ttlMs: number,
    holder: string,
    takeOver: string,
  ): Promise<unknown>;
  droasReadClaim(key: string): Promise<unknown>;
  droasReleaseClaim(key: string, lease: string): Promise<unknown>;
  droasSettleClaim(key: string, value: string, via: string, ttlMs: number): Promise<unknown>;
}

/** A record outlives the interaction's token by this much, so late answers still find it. */
const RECORD_GRACE_MS = 60_000;

/** How long an interaction's record lives from now: until its token is dead. */
export function recordTtlMs(ix: InteractionRef, nowMs = Date.now()): number {
  return Math.max(1_000, ix.createdAtMs + INTERACTION_TOKEN_LIFETIME_MS + RECORD_GRACE_MS - nowMs);
}

/** The claim in Redis: every operation one script on one record, so atomic and one round trip. */
export class RedisAckStore implements AckStore {
  readonly #redis: Redis | Cluster;
  readonly #keys: InteractionKeys;

  /** `redis` is shared and stays the caller's to close. */
  constructor(redis: Redis | Cluster, keys: InteractionKeys) {
    this.#redis = redis;
    this.#keys = keys;
    // Defining the same command again on a shared connection only replaces it with the same script.
    redis.defineCommand('droasTakeClaim', { numberOfKeys: 1, lua: TAKE_CLAIM_SCRIPT });
    redis.defineCommand('droasReadClaim', { numberOfKeys: 1, lua: READ_CLAIM_SCRIPT });
    redis.defineCommand('droasReleaseClaim', { numberOfKeys: 1, lua: RELEASE_CLAIM_SCRIPT });
    redis.defineCommand('droasSettleClaim', { numberOfKeys: 1, lua: SETTLE_CLAIM_SCRIPT });
  }

  async take(ix: InteractionRef, request: TakeRequest): Promise<TakeResult> {
    const commands = this.#redis as unknown as ClaimCommands;
    return parseTake(await commands.droasTakeClaim(...this.#takeArgs(ix, request)));
  }

  async takeMany(
    batch: readonly InteractionRef[],
    request: (ix: InteractionRef) => TakeRequest,
  ): Promise<(TakeResult | Error)[]> {
    // A cluster pipelines only keys served by one node, and a batch spans guilds on every node: there each
    // take goes on its own, and the cluster client's auto-pipelining batches them per node.
    if (this.#redis instanceof Cluster) {
      return Promise.all(
        batch.map((ix) =>
          this.take(ix, request(ix)).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          ),
        ),
      );
    }
    const pipeline = this.#redis.pipeline() as unknown as ClaimCommands & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const ix of batch) void pipeline.droasTakeClaim(...this.#takeArgs(ix, request(ix)));
    const answers = (await pipeline.exec()) ?? [];
    return batch.map((_, i) => {
      const [error, reply] = answers[i] ?? [new Error('no answer in the pipeline'), null];
      if (error !== null) return error;
      try {
        return parseTake(reply);
      } catch (parseError) {
        return parseError as Error;
      }
    });
  }

  async alive(holders: readonly string[]): Promise<Set<string>> {
    if (holders.length === 0) return new Set();
    // Heartbeat keys hash to any slot: one EXISTS each on a cluster, a pipeline on a single Redis.
    const counts =
      this.#redis instanceof Cluster
        ? await Promise.all(holders.map((holder) => this.#redis.exists(this.#keys.alive(holder))))
        : await this.#pipelinedExists(holders);
    return new Set(holders.filter((_, i) => counts[i] === 1));
  }

  async #pipelinedExists(holders: readonly string[]): Promise<number[]> {
    const pipeline = this.#redis.pipeline();
    for (const holder of holders) pipeline.exists(this.#keys.alive(holder));
    const answers = (await pipeline.exec()) ?? [];
    return holders.map((_, i) => {
      const [error, count] = answers[i] ?? [new Error('no answer'), 0];
      if (error !== null) throw error;
      return count as number;
    });
  }

  async heartbeat(holder: string, ttlMs: number): Promise<void> {
    await this.#redis.set(this.#keys.alive(holder), '1', 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async view(ix: InteractionRef): Promise<ClaimView> {
    const reply = await (this.#redis as unknown as ClaimCommands).droasReadClaim(this.#key(ix));
    if (!Array.isArray(reply) || reply.length !== 2) throw unexpected('read', reply);
    const [stored, now] = reply as [string, string];
    return viewClaim(stored === '' ? null : stored, Number(now));
  }

  async release(ix: InteractionRef, lease: string): Promise<void> {
    await (this.#redis as unknown as ClaimCommands).droasReleaseClaim(this.#key(ix), lease);
  }

  async settle(ix: InteractionRef, state: SettledAck, done?: AnsweredVia): Promise<void> {
    await (this.#redis as unknown as ClaimCommands).droasSettleClaim(
      this.#key(ix),
      encodeSettled(state),
      done ?? '',
      recordTtlMs(ix),
    );
  }

  #takeArgs(ix: InteractionRef, request: TakeRequest): [string, string, number, number, string, string] {
    return [
      this.#key(ix),
      letterOf(request.party),
      Math.round(request.leaseMs),
      recordTtlMs(ix),
      request.holder ?? '',
      request.takeOver ?? '',
    ];
  }

  #key(ix: InteractionRef): string {
    return this.#keys.record(ix.guildId, ix.id);
  }
}

function letterOf(party: Party): 'W' | 'G' {
  return party === 'worker' ? 'W' : 'G';
}

/** The take script's reply as a {@link TakeResult}; exported for the test that holds Lua and TS together. */
export function parseTake(reply: unknown): TakeResult {
  if (!Array.isArray(reply) || reply.length < 2) throw unexpected('take', reply);
  const [kind, a, b] = reply as [string, string, string | number | undefined];
  switch (kind) {
    case 'taken':
      return { kind: 'taken', lease: a, afterLapse: Number(b) === 1 };
    case 'held': {
      const [, , , holder, lease] = reply as [string, string, string, string, string];
      const held = { kind: 'held', by: a === 'W' ? 'worker' : 'gateway', leftMs: Number(b), lease } as const;
      return holder === '' || holder === undefined ? held : { ...held, holder };
    }
    case 'settled': {
      const view = viewClaim(a, 0);
      if (view.kind !== 'settled') throw unexpected('take', reply);
      return { kind: 'settled', state: view.state };
    }
    default:
      throw unexpected('take', reply);
  }
}

function unexpected(script: string, reply: unknown): TypeError {
  return new TypeError(`unexpected ${script} script reply: ${JSON.stringify(reply)}`);
}
