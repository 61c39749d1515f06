import type { Logger, RedisNamespace } from '@droas/runtime';
import { CloseCodes, SimpleShardingStrategy, type SessionInfo, type WebSocketOptions } from 'discord.js';
import type { Redis } from 'ioredis';

/** The @discordjs/ws manager that discord.js hands to `ws.buildStrategy`. */
type WsManager = Parameters<NonNullable<WebSocketOptions['buildStrategy']>>[0];
type UpdateHook = WsManager['options']['updateSessionInfo'];

/** Where jobs stand in one producer: how many it was given, and how many Redis has (in the same order). */
export interface JobCounts {
  readonly submitted: number;
  readonly stored: number;
}

export interface GatewaySessionsOptions {
  redis: Pick<Redis, 'mget' | 'multi'>;
  /** The records' namespace (`droas:session`); keys are `<application>:<shard count>:<shard>`. */
  namespace: RedisNamespace;
  /** The bot's user id: two bots sharing a Redis never read each other's sessions. */
  applicationId: string;
  shardCount: number;
  /** The producers every forwarded dispatch goes through; a sequence is saved once they hold its jobs. */
  producers: readonly JobCounts[];
  logger: Logger;
  /** How long a record outlives its last save. Discord keeps a closed session only a few minutes. */
  ttlMs: number;
  /** How often changed records are written. */
  saveIntervalMs: number;
  now?: () => number;
}

interface Checkpoint {
  s: number;
  /** Each producer's `submitted` once the dispatch numbered `s` was handled. */
  marks: number[];
}

interface ShardSession {
  /** The session as the shard runs it, sequence included (what a resume in this process uses). */
  live: SessionInfo | null;
  /** The highest sequence whose dispatch, and every earlier one, needs nothing more from us. */
  saved: number;
  pending: Checkpoint[];
  head: number;
  version: number;
  writtenVersion: number;
  writtenAtMs: number;
}

/**
 * Keeps each shard's gateway session (session id, resume URL, sequence) in Redis, so a cluster process that
 * replaces a dead one RESUMEs its shards instead of identifying them again: Discord then replays what the
 * shard missed (docs `events/gateway.mdx`, "Resuming") and no event of the gap is lost.
 *
 * The sequence written is not the one the shard last received but the highest one whose dispatch, and every
 * earlier one, is already in Redis as a job. A process that dies with jobs still in its buffer is replayed
 * from before them; the overlap becomes the same job ids, which BullMQ keeps once.
 *
 * It plugs into discord.js through the public `ws.buildStrategy` option: the @discordjs/ws hooks
 * `retrieveSessionInfo` and `updateSessionInfo` are wrapped there. They are called on every dispatch and
 * heartbeat and not awaited in order, so they stay synchronous over memory; Redis is written behind them.
 */
export class GatewaySessions {
  readonly #o: GatewaySessionsOptions;
  readonly #now: () => number;
  readonly #shards = new Map<number, ShardSession>();
  readonly #stored = new Map<number, SessionInfo>();
  #manager: WsManager | undefined;
  #closing = false;
  #saving: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #failing = false;

  constructor(options: GatewaySessionsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** Reads the sessions Redis still has for `shardIds`; a shard without one identifies as usual. */
  async load(shardIds: readonly number[]): Promise<number[]> {
    if (shardIds.length === 0) return [];
    let values: (string | null)[];
    try {
      values = await this.#o.redis.mget(...shardIds.map((id) => this.#key(id)));
    } catch (error) {
      this.#o.logger.warn({ err: error }, 'could not read stored gateway sessions; identifying');
      return [];
    }
    const found: number[] = [];
    shardIds.forEach((shardId, i) => {
      const info = parseStored(values[i] ?? null, shardId, this.#o.shardCount);
      if (info) {
        this.#stored.set(shardId, info);
        found.push(shardId);
      }
    });
    return found;
  }

  /** The `ws.buildStrategy` option: wraps the manager's session hooks, then shards as discord.js would. */
  buildStrategy = (manager: WsManager): SimpleShardingStrategy => {
    this.#manager = manager;
    const update = manager.options.updateSessionInfo.bind(manager.options);
    manager.options.retrieveSessionInfo = (shardId) => this.#retrieve(shardId, update);
    manager.options.updateSessionInfo = (shardId, info) => this.#update(shardId, info, update);
    this.#timer = setInterval(() => void this.save(), this.#o.saveIntervalMs);
    this.#timer.unref();
    return new SimpleShardingStrategy(manager);
  };

  /** Marks the dispatch numbered `s` handled: whatever it submitted to the producers has been submitted. */
  handled(shardId: number, s: number): void {
    const shard = this.#shards.get(shardId);
    if (!shard?.live || s <= shard.saved) return;
    const idle =
      shard.head === shard.pending.length && this.#o.producers.every((p) => p.stored >= p.submitted);
    if (idle) {
      shard.saved = s;
      shard.version++;
      return;
    }
    // Dispatches that submitted nothing since the last one share its marks: keep one entry, bounding the list
    // by the jobs in flight rather than by every dispatch received while Redis is away.
    const last = shard.pending.length > shard.head ? shard.pending[shard.pending.length - 1] : undefined;
    if (last && this.#o.producers.every((p, i) => p.submitted === last.marks[i])) {
      last.s = s;
      return;
    }
    shard.pending.push({ s, marks: this.#o.producers.map((p) => p.submitted) });
  }

  /** Dispatches waiting for their jobs to reach Redis, per shard (entries, not dispatches). */
  get waiting(): number {
    let n = 0;
    for (const shard of this.#shards.values()) n += shard.pending.length - shard.head;
    return n;
  }

  /** Moves each shard's saved sequence past the dispatches whose jobs Redis now holds. */
  jobsStored(): void {
    for (const shard of this.#shards.values()) {
      let moved = false;
      while (shard.head < shard.pending.length) {
        const next = shard.pending[shard.head]!;
        if (!this.#o.producers.every((p, i) => p.stored >= next.marks[i]!)) break;
        shard.saved = next.s;
        shard.head++;
        moved = true;
      }
      if (!moved) continue;
      shard.version++;
      if (shard.head > 1024 && shard.head * 2 > shard.pending.length) {
        shard.pending = shard.pending.slice(shard.head);
        shard.head = 0;
      }
    }
  }

  /**
   * Closes every shard resumably: close code 4200, not 1000 or 1001, which end the session on Discord's
   * side (docs `events/gateway.mdx`, "Disconnecting"). The shards do not reconnect, and their sessions are
   * kept for the next process; call {@link save} once the producers have drained.
   */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#manager?.destroy({ code: CloseCodes.Resuming, reason: 'cluster shutting down' });
  }

  /** Writes every changed record (and refreshes the TTL of those not written for a while). */
  async save(): Promise<void> {
    while (this.#saving) await this.#saving;
    this.#saving = this.#write().finally(() => {
      this.#saving = undefined;
    });
    return this.#saving;
  }

  /** Stops the periodic writes. */
  stop(): void {
    clearInterval(this.#timer);
  }

  #retrieve(shardId: number, update: UpdateHook): SessionInfo | null {
    const shard = this.#shard(shardId);
    if (shard.live) return shard.live;
    const stored = this.#stored.get(shardId);
    if (!stored) return null;
    // Once only: if the resume fails, the session is cleared and the shard identifies.
    this.#stored.delete(shardId);
    shard.live = stored;
    shard.saved = stored.sequence;
    shard.version++;
    // discord.js keeps its own copy, read on HELLO and RESUMED.
    void update(shardId, stored);
    this.#o.logger.info({ shardId, sequence: stored.sequence }, 'resuming the stored gateway session');
    return stored;
  }

  #update(shardId: number, info: SessionInfo | null, update: UpdateHook): void {
    void update(shardId, info);
    const shard = this.#shard(shardId);
    if (info === null) {
      // A resumable close on shutdown clears the session in memory too: Redis keeps it for the next process.
      if (this.#closing) return;
      shard.live = null;
      shard.pending = [];
      shard.head = 0;
      shard.version++;
      return;
    }
    if (shard.live?.sessionId !== info.sessionId) {
      // A new session (READY): nothing of it precedes READY, so its own sequence is safe at once.
      shard.saved = info.sequence;
      shard.pending = [];
      shard.head = 0;
      shard.version++;
    }
    shard.live = info;
  }

  #shard(shardId: number): ShardSession {
    let shard = this.#shards.get(shardId);
    if (!shard) {
      shard = { live: null, saved: 0, pending: [], head: 0, version: 0, writtenVersion: 0, writtenAtMs: 0 };
      this.#shards.set(shardId, shard);
    }
    return shard;
  }

  async #write(): Promise<void> {
    const now = this.#now();
    const refreshMs = this.#o.ttlMs / 3;
    const multi = this.#o.redis.multi();
    const written: [ShardSession, number][] = [];
    for (const [shardId, shard] of this.#shards) {
      const changed = shard.version !== shard.writtenVersion;
      if (shard.live === null) {
        if (changed) multi.del(this.#key(shardId));
      } else if (changed || now - shard.writtenAtMs >= refreshMs) {
        const record: SessionInfo = { ...shard.live, sequence: shard.saved };
        multi.set(this.#key(shardId), JSON.stringify(record), 'PX', this.#o.ttlMs);
      } else {
        continue;
      }
      written.push([shard, shard.version]);
    }
    if (written.length === 0) return;
    try {
      await multi.exec();
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true;
        this.#o.logger.warn({ err: error }, 'could not save gateway sessions; retrying');
      }
      return;
    }
    this.#failing = false;
    for (const [shard, version] of written) {
      shard.writtenVersion = version;
      shard.writtenAtMs = now;
    }
  }

  #key(shardId: number): string {
    return this.#o.namespace.key(this.#o.applicationId, this.#o.shardCount, shardId);
  }
}

function parseStored(text: string | null, shardId: number, shardCount: number): SessionInfo | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as Partial<SessionInfo>;
    if (
      typeof v.sessionId === 'string' &&
      typeof v.resumeURL === 'string' &&
      Number.isSafeInteger(v.sequence) &&
      v.shardId === shardId &&
      v.shardCount === shardCount
    ) {
      return {
        sessionId: v.sessionId,
        resumeURL: v.resumeURL,
        sequence: v.sequence!,
        shardId,
        shardCount,
      };
    }
  } catch {
    // A record that is not ours: identify.
  }
  return null;
}
