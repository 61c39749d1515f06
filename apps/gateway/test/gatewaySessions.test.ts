import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { createLogger, RedisNamespace } from '@droas/runtime';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import type { SessionInfo } from 'discord.js';
import type { Redis } from 'ioredis';
import {
  GatewaySessions,
  type GatewaySessionsOptions,
  type ShardLeaseOptions,
} from '../src/gatewaySessions.js';

type WsManager = Parameters<GatewaySessions['buildStrategy']>[0];

let ns: TestRedisNamespace;
let redis: Redis;
let spaces = 0;

beforeAll(() => {
  ns = createTestRedisNamespace();
  redis = ns.connect();
});

afterAll(async () => {
  await ns.cleanup();
});

/** A key space of its own per test; two processes of one test share it. */
function space(): string {
  return `${ns.prefix}:${++spaces}`;
}

/** One cluster process's sessions over real Redis; `fault.failing` makes its Redis calls fail. */
function setup(
  prefix: string,
  options: { stored?: Record<number, SessionInfo>; leases?: Partial<ShardLeaseOptions> } = {},
) {
  const fault = { failing: false };
  const client = {
    mget: (...keys: string[]) => redis.mget(...keys),
    eval: (...args: unknown[]) =>
      fault.failing
        ? Promise.reject(new Error('Connection is closed.'))
        : (redis.eval as (...a: unknown[]) => Promise<unknown>)(...args),
  } as unknown as GatewaySessionsOptions['redis'];
  const lost: number[][] = [];
  const waiting: Record<number, string>[] = [];
  const producers = [
    { submitted: 0, stored: 0 },
    { submitted: 0, stored: 0 },
  ];
  const sessions = new GatewaySessions({
    redis: client,
    namespace: new RedisNamespace(`${prefix}:session`),
    applicationId: '42',
    shardCount: 4,
    producers,
    logger: createLogger({ name: 'test', level: 'silent' }),
    ttlMs: 180_000,
    saveIntervalMs: 60_000,
    leases: {
      namespace: new RedisNamespace(`${prefix}:shard-owner`),
      ttlMs: 10_000,
      onLost: (ids) => lost.push(ids),
      onWaiting: (holders) => waiting.push(holders),
      ...options.leases,
    },
  });
  // What discord.js keeps per shard (its own copy, read on HELLO and RESUMED).
  const discordJs = new Map<number, SessionInfo | null>();
  const destroyed: unknown[] = [];
  const manager = {
    options: {
      retrieveSessionInfo: (id: number) => discordJs.get(id) ?? null,
      updateSessionInfo: (id: number, info: SessionInfo | null) => void discordJs.set(id, info),
    },
    destroy: (options: unknown) => {
      destroyed.push(options);
      // As @discordjs/ws does on a close without recovery.
      manager.options.updateSessionInfo(1, null);
      return Promise.resolve();
    },
  };
  sessions.buildStrategy(manager as unknown as WsManager);
  // Saves happen when the test says, not on the timer.
  const hooks = manager.options;
  const ready = (shardId: number, sequence: number, sessionId = 'abc'): void =>
    void hooks.updateSessionInfo(shardId, {
      sessionId,
      sequence,
      resumeURL: 'wss://resume',
      shardId,
      shardCount: 4,
    });
  const dispatch = (shardId: number, s: number): void => {
    const live = hooks.retrieveSessionInfo(shardId)!;
    hooks.updateSessionInfo(shardId, { ...live, sequence: s });
  };
  return { fault, producers, sessions, hooks, discordJs, destroyed, ready, dispatch, lost, waiting };
}

async function saved(prefix: string, shardId: number): Promise<SessionInfo | undefined> {
  const v = await redis.get(`${prefix}:session:42:4:${shardId}`);
  return v === null ? undefined : (JSON.parse(v) as SessionInfo);
}

async function store(prefix: string, info: SessionInfo): Promise<void> {
  await redis.set(`${prefix}:session:42:4:${info.shardId}`, JSON.stringify(info), 'PX', 60_000);
}

function holder(prefix: string, shardId: number): Promise<string | null> {
  return redis.get(`${prefix}:shard-owner:42:4:${shardId}`);
}

const stored = { sessionId: 'old', sequence: 77, resumeURL: 'wss://r', shardId: 2, shardCount: 4 };

describe('GatewaySessions: checkpoints', () => {
  it('saves a sequence only once the jobs of it and every earlier dispatch are in Redis', async () => {
    const p = space();
    const t = setup(p);
    await t.sessions.claim([1]);
    t.ready(1, 1);
    await t.sessions.save();
    expect(await saved(p, 1)).toMatchObject({ sessionId: 'abc', sequence: 1, shardId: 1, shardCount: 4 });

    // s=2 submits a job to the first producer; s=3 submits nothing; s=4 one to the second.
    t.dispatch(1, 2);
    t.producers[0]!.submitted++;
    t.sessions.handled(1, 2);
    t.dispatch(1, 3);
    t.sessions.handled(1, 3);
    t.dispatch(1, 4);
    t.producers[1]!.submitted++;
    t.sessions.handled(1, 4);
    // The shard itself runs on its latest sequence.
    expect(t.hooks.retrieveSessionInfo(1)).toMatchObject({ sequence: 4 });
    await t.sessions.save();
    expect((await saved(p, 1))!.sequence).toBe(1);

    t.producers[1]!.stored++;
    t.sessions.jobsStored();
    await t.sessions.save();
    expect((await saved(p, 1))!.sequence).toBe(1);

    t.producers[0]!.stored++;
    t.sessions.jobsStored();
    await t.sessions.save();
    expect((await saved(p, 1))!.sequence).toBe(4);
    const ttl = await redis.pttl(`${p}:session:42:4:1`);
    expect(ttl).toBeGreaterThan(170_000);
    expect(ttl).toBeLessThanOrEqual(180_000);
    t.sessions.stop();
  });

  it('keeps one entry for a run of dispatches that submitted nothing', async () => {
    const p = space();
    const t = setup(p);
    await t.sessions.claim([1]);
    t.ready(1, 1);
    t.producers[0]!.submitted++;
    for (let s = 2; s <= 1000; s++) {
      t.dispatch(1, s);
      t.sessions.handled(1, s);
    }
    expect(t.sessions.waiting).toBe(1);
    t.producers[0]!.stored++;
    t.sessions.jobsStored();
    expect(t.sessions.waiting).toBe(0);
    await t.sessions.save();
    expect((await saved(p, 1))!.sequence).toBe(1000);
    t.sessions.stop();
  });

  it('keeps the record while Redis refuses writes, and writes it when Redis returns', async () => {
    const p = space();
    const t = setup(p);
    await t.sessions.claim([0]);
    t.ready(0, 5);
    t.fault.failing = true;
    await t.sessions.save();
    expect(await saved(p, 0)).toBeUndefined();
    t.fault.failing = false;
    await t.sessions.save();
    expect((await saved(p, 0))!.sequence).toBe(5);
    t.sessions.stop();
  });

  it('hands a stored session to the shard once, and to discord.js’s own copy too', async () => {
    const p = space();
    await store(p, stored);
    await store(p, { ...stored, shardId: 3, shardCount: 8 });
    const t = setup(p);
    expect(await t.sessions.claim([0, 2, 3])).toEqual([2]);
    expect(t.hooks.retrieveSessionInfo(2)).toEqual(stored);
    expect(t.discordJs.get(2)).toEqual(stored);
    expect(t.hooks.retrieveSessionInfo(3)).toBeNull();

    // The resume failed (op 9): the session is cleared, the record deleted, and the shard identifies.
    t.hooks.updateSessionInfo(2, null);
    expect(t.hooks.retrieveSessionInfo(2)).toBeNull();
    await t.sessions.save();
    expect(await saved(p, 2)).toBeUndefined();
    t.sessions.stop();
  });

  it('starts a new session’s checkpoint at its READY', async () => {
    const p = space();
    const t = setup(p);
    await t.sessions.claim([1]);
    t.ready(1, 1, 'first');
    t.dispatch(1, 50);
    t.producers[0]!.submitted++;
    t.sessions.handled(1, 50);
    t.ready(1, 1, 'second');
    await t.sessions.save();
    expect(await saved(p, 1)).toMatchObject({ sessionId: 'second', sequence: 1 });
    t.sessions.stop();
  });

  it('closes with 4200 and keeps the sessions in Redis through the shards’ cleared sessions', async () => {
    const p = space();
    const t = setup(p);
    await t.sessions.claim([1]);
    t.ready(1, 9);
    await t.sessions.save();
    await t.sessions.close();
    expect(t.destroyed).toEqual([expect.objectContaining({ code: 4200 })]);
    await t.sessions.save();
    expect((await saved(p, 1))!.sequence).toBe(9);
    t.sessions.stop();
  });
});

describe('GatewaySessions: one process per shard', () => {
  it('a successor waits for the shard until its holder has saved and released it, then resumes from there', async () => {
    const p = space();
    const first = setup(p);
    await first.sessions.claim([1]);
    first.ready(1, 3);
    await first.sessions.save();
    expect(await holder(p, 1)).toBe(first.sessions.owner);

    const next = setup(p);
    let claimed: number[] | undefined;
    const claiming = next.sessions.claim([1]).then((ids) => (claimed = ids));
    await sleep(200);
    // Still held: the successor waits, and says on whom.
    expect(claimed).toBeUndefined();
    expect(next.waiting).toEqual([{ 1: first.sessions.owner }]);

    // The holder's last events reach Redis, it closes, saves its final sequence and lets go.
    first.dispatch(1, 12);
    first.sessions.handled(1, 12);
    await first.sessions.close();
    first.sessions.stop();
    await first.sessions.save();
    await first.sessions.release();
    await claiming;
    expect(claimed).toEqual([1]);
    expect(next.hooks.retrieveSessionInfo(1)).toMatchObject({ sessionId: 'abc', sequence: 12 });
    expect(await holder(p, 1)).toBe(next.sessions.owner);
    next.sessions.stop();
  });

  it('a holder that lost its shard to another process stops writing and says so', async () => {
    const p = space();
    const first = setup(p, { leases: { ttlMs: 300 } });
    await first.sessions.claim([1, 2]);
    first.ready(1, 3);
    await first.sessions.save();
    // It stalls past its lease; another process takes the shard and saves its own session.
    await sleep(400);
    const other = setup(p, { leases: { ttlMs: 300 } });
    await other.sessions.claim([1]);
    other.ready(1, 40, 'other');
    await other.sessions.save();

    first.dispatch(1, 99);
    first.sessions.handled(1, 99);
    await first.sessions.save();
    expect(first.lost).toEqual([[1]]);
    expect(await saved(p, 1)).toMatchObject({ sessionId: 'other', sequence: 40 });
    // Its release gives back only what it still holds.
    await first.sessions.release();
    expect(await holder(p, 1)).toBe(other.sessions.owner);
    other.sessions.stop();
  });

  it('takes a shard at once from a holder on this host whose process has died', async () => {
    const p = space();
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await redis.set(`${p}:shard-owner:42:4:1`, `${hostname()}/${gone}/dead`, 'PX', 60_000);
    await store(p, { ...stored, shardId: 1 });
    const t = setup(p);
    const started = Date.now();
    expect(await t.sessions.claim([1])).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(t.waiting).toEqual([]);
    expect(await holder(p, 1)).toBe(t.sessions.owner);
    t.sessions.stop();
  });

  it('waits out a holder elsewhere until its lease lapses', async () => {
    const p = space();
    await redis.set(`${p}:shard-owner:42:4:1`, `another-host/1/x`, 'PX', 300);
    const t = setup(p);
    expect(await t.sessions.claim([1])).toEqual([]);
    expect(t.waiting).toEqual([{ 1: 'another-host/1/x' }]);
    expect(await holder(p, 1)).toBe(t.sessions.owner);
    t.sessions.stop();
  });

  it('takes all of a cluster’s shards or none, so two waiting processes never split them', async () => {
    const p = space();
    await redis.set(`${p}:shard-owner:42:4:1`, 'another-host/1/x', 'PX', 300);
    const a = setup(p);
    const b = setup(p);
    const done: string[] = [];
    const claims = [
      a.sessions.claim([0, 1]).then(() => done.push('a')),
      b.sessions.claim([0, 1]).then(() => done.push('b')),
    ];
    await sleep(800);
    // One of them won both shards; the other still waits, holding neither.
    expect(done).toHaveLength(1);
    const winner = done[0] === 'a' ? a : b;
    expect(await holder(p, 0)).toBe(winner.sessions.owner);
    expect(await holder(p, 1)).toBe(winner.sessions.owner);
    a.sessions.stop();
    b.sessions.stop();
    await Promise.all(claims);
  });

  it('renews the leases of claimed shards that have not connected yet', async () => {
    const p = space();
    const t = setup(p, { leases: { ttlMs: 400 } });
    await t.sessions.claim([0, 3]);
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      await t.sessions.save();
    }
    expect(await holder(p, 0)).toBe(t.sessions.owner);
    expect(await holder(p, 3)).toBe(t.sessions.owner);
    t.sessions.stop();
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
