import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
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

/**
 * Who may run a shard. A process holds a lease per shard in Redis, renewed with every save; another process
 * for the same shard (the next one in a handover, a second host given the same shards) waits until it is
 * released or lapses, then resumes the session its holder saved last. Two live connections on one session
 * are undefined on Discord, and a process resuming a session another is still using steals it back and forth.
 */
export interface ShardLeaseOptions {
  /** The leases' namespace (`droas:{gateway}:shard-owner`); keys are `<application>:<shard count>:<shard>`. */
  namespace: RedisNamespace;
  /** How long a lease outlives its holder's last renewal. */
  ttlMs: number;
  /** Called once while waiting on a shard another process holds, with the holders. */
  onWaiting?: (holders: Record<number, string>) => void;
  /** Called when a renewal finds another process holding one of our shards: this process must stop. */
  onLost: (shardIds: number[]) => void;
  /** How often a waiting process asks again. @defaultValue 20 */
  pollMs?: number;
}

/**
 * Where the sessions and shard leases live: `<prefix>:{gateway}:session` and `<prefix>:{gateway}:shard-owner`,
 * or, for a named copy of the shards (`GATEWAY_REPLICA`), under `<prefix>:{gateway-<replica>}`: copies run side
 * by side, each resuming only its own sessions (two processes resuming one session steal it from each other).
 * The hash tag keeps a copy's sessions and leases in one Redis Cluster slot: a save writes a cluster's leases
 * and sessions in one script, and the manager reads its host's sessions with one MGET. They are written a few
 * times a second per cluster, so one slot is plenty.
 */
export function sessionKeySpaces(
  ns: RedisNamespace,
  replica?: string,
): { sessions: RedisNamespace; leases: RedisNamespace } {
  const gateway = ns.child(replica === undefined ? '{gateway}' : `{gateway-${replica}}`);
  return { sessions: gateway.child('session'), leases: gateway.child('shard-owner') };
}

export interface GatewaySessionsOptions {
  redis: Pick<Redis, 'mget' | 'eval'>;
  /** The records' namespace (`droas:{gateway}:session`); keys are `<application>:<shard count>:<shard>`. */
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
  leases: ShardLeaseOptions;
  now?: () => number;
}

/**
 * Writes each shard's record only while this process holds its lease (taking a free one), so a process that
 * lost its shards never overwrites what their new holder saved. KEYS: lease and record per shard. ARGV: the
 * owner, the lease TTL, then per shard the operation (set, del, keep), the record and its TTL.
 * Returns the indexes of the shards another process holds.
 */
const WRITE_FENCED = `
local owner, leaseTtl = ARGV[1], tonumber(ARGV[2])
local lost = {}
for i = 1, #KEYS / 2 do
  local op, record, ttl = ARGV[3 * i], ARGV[3 * i + 1], ARGV[3 * i + 2]
  local holder = redis.call('GET', KEYS[2 * i - 1])
  local mine = not holder or holder == owner
  if mine then redis.call('SET', KEYS[2 * i - 1], owner, 'PX', leaseTtl) end
  if not mine then
    lost[#lost + 1] = i - 1
  elseif op == 'set' then
    redis.call('SET', KEYS[2 * i], record, 'PX', ttl)
  elseif op == 'del' then
    redis.call('DEL', KEYS[2 * i])
  end
end
return lost
`;

/**
 * Takes the leases of KEYS, all or none: none while any is held by another process than ARGV[3] (a holder
 * known to be dead), so two processes waiting on the same shards cannot end up with half each. ARGV: owner,
 * TTL, the dead holder or ''. Returns each key's holder ('' for free, ours or the dead one's).
 */
const TAKE = `
local holders, blocked = {}, false
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if not holder or holder == ARGV[1] or (ARGV[3] ~= '' and holder == ARGV[3]) then
    holders[i] = ''
  else
    holders[i] = holder
    blocked = true
  end
end
if not blocked then
  for _, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
end
return holders
`;

/** Releases the leases of KEYS that ARGV[1] holds. */
const RELEASE = `
for _, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 0
`;

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
  #stopped = false;
  #leaseRenewedAtMs = 0;
  #lost = false;
  #claimed: readonly number[] = [];
  /** This process's name on its leases: host, pid (so a successor on the same host can see it died), nonce. */
  readonly owner = `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

  constructor(options: GatewaySessionsOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Takes the lease of every shard in `shardIds`, waiting while another process holds one (a predecessor
   * still shutting down, or another host running the same shards), then reads the sessions Redis has for
   * them. A holder on this host whose process is gone is taken over at once: a crashed cluster's respawn
   * does not wait for its lease to lapse. Returns the shards that will resume.
   */
  async claim(shardIds: readonly number[]): Promise<number[]> {
    const leases = this.#o.leases;
    if (shardIds.length > 0) {
      const keys = shardIds.map((id) => leases.namespace.key(this.#o.applicationId, this.#o.shardCount, id));
      let reported = false;
      let dead = '';
      for (;;) {
        if (this.#stopped) return [];
        let holders: string[];
        try {
          holders = (await this.#o.redis.eval(
            TAKE,
            keys.length,
            ...keys,
            this.owner,
            leases.ttlMs,
            dead,
          )) as string[];
        } catch (error) {
          this.#o.logger.warn({ err: error }, 'could not take shard leases; retrying');
          await sleep(500);
          continue;
        }
        const held = Object.fromEntries(
          holders.flatMap((holder, i) => (holder === '' ? [] : [[shardIds[i]!, holder]])),
        ) as Record<number, string>;
        const waitingOn = Object.values(held);
        if (waitingOn.length === 0) break;
        dead = waitingOn.find(holderGoneFromThisHost) ?? '';
        if (dead !== '') continue;
        if (!reported) {
          reported = true;
          leases.onWaiting?.(held);
        }
        await sleep(leases.pollMs ?? 20);
      }
      this.#leaseRenewedAtMs = this.#now();
      this.#claimed = shardIds;
      // Renewed from now on with every save, whether or not the shard has connected yet (one waiting for its
      // identify turn may take longer than a lease).
      for (const id of shardIds) this.#shard(id);
    }
    return this.load(shardIds);
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

  /** Stops the periodic writes (and a claim still waiting). */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
  }

  /** Gives up this process's leases, after the last {@link save}: the next holder resumes from there. */
  async release(): Promise<void> {
    const leases = this.#o.leases;
    if (this.#claimed.length === 0) return;
    const keys = this.#claimed.map((id) =>
      leases.namespace.key(this.#o.applicationId, this.#o.shardCount, id),
    );
    await this.#o.redis.eval(RELEASE, keys.length, ...keys, this.owner);
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
    if (this.#lost) return;
    const now = this.#now();
    const refreshMs = this.#o.ttlMs / 3;
    const { leases } = this.#o;
    const renewLease = now - this.#leaseRenewedAtMs >= leases.ttlMs / 4;
    const keys: string[] = [];
    const args: (string | number)[] = [this.owner, leases.ttlMs];
    const shardIds: number[] = [];
    const written: [ShardSession, number][] = [];
    for (const [shardId, shard] of this.#shards) {
      const changed = shard.version !== shard.writtenVersion;
      let op: 'set' | 'del' | 'keep' = 'keep';
      let record = '';
      if (shard.live === null) {
        if (changed) op = 'del';
      } else if (changed || now - shard.writtenAtMs >= refreshMs) {
        op = 'set';
        record = JSON.stringify({ ...shard.live, sequence: shard.saved } satisfies SessionInfo);
      }
      if (op === 'keep' && !renewLease) continue;
      keys.push(leases.namespace.key(this.#o.applicationId, this.#o.shardCount, shardId), this.#key(shardId));
      args.push(op, record, this.#o.ttlMs);
      shardIds.push(shardId);
      if (op !== 'keep') written.push([shard, shard.version]);
    }
    if (keys.length === 0) return;
    let lost: number[];
    try {
      lost = (await this.#o.redis.eval(WRITE_FENCED, keys.length, ...keys, ...args)) as number[];
    } catch (error) {
      if (!this.#failing) {
        this.#failing = true;
        this.#o.logger.warn({ err: error }, 'could not save gateway sessions; retrying');
      }
      return;
    }
    this.#failing = false;
    if (renewLease) this.#leaseRenewedAtMs = now;
    for (const [shard, version] of written) {
      shard.writtenVersion = version;
      shard.writtenAtMs = now;
    }
    if (lost.length > 0) {
      this.#lost = true;
      this.stop();
      leases.onLost(lost.map((i) => shardIds[i]!));
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

/**
 * Whether `holder` (a lease owner, `host/pid/nonce`) was a process on this host that no longer runs: a
 * crashed cluster, whose respawn may take its shards at once. A holder elsewhere is waited out.
 */
function holderGoneFromThisHost(holder: string): boolean {
  const [host, pidText] = holder.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
