import { createLogger, RedisNamespace } from '@droas/runtime';
import type { SessionInfo } from 'discord.js';
import { GatewaySessions, type GatewaySessionsOptions } from './gatewaySessions.js';

type WsManager = Parameters<GatewaySessions['buildStrategy']>[0];

/** Just enough of ioredis: MGET, and MULTI with SET PX / DEL. */
class FakeRedis {
  readonly values = new Map<string, string>();
  readonly ttls = new Map<string, number>();
  failing = false;

  mget(...keys: string[]): Promise<(string | null)[]> {
    return Promise.resolve(keys.map((k) => this.values.get(k) ?? null));
  }

  multi() {
    const ops: (() => void)[] = [];
    const chain = {
      set: (key: string, value: string, _px: 'PX', ttl: number) => {
        ops.push(() => {
          this.values.set(key, value);
          this.ttls.set(key, ttl);
        });
        return chain;
      },
      del: (key: string) => {
        ops.push(() => this.values.delete(key));
        return chain;
      },
      exec: () => {
        if (this.failing) return Promise.reject(new Error('Connection is closed.'));
        for (const op of ops) op();
        return Promise.resolve([]);
      },
    };
    return chain;
  }
}

function setup(stored?: Record<string, string>) {
  const redis = new FakeRedis();
  for (const [k, v] of Object.entries(stored ?? {})) redis.values.set(k, v);
  const producers = [
    { submitted: 0, stored: 0 },
    { submitted: 0, stored: 0 },
  ];
  const sessions = new GatewaySessions({
    redis: redis as unknown as GatewaySessionsOptions['redis'],
    namespace: new RedisNamespace('t:session'),
    applicationId: '42',
    shardCount: 4,
    producers,
    logger: createLogger({ name: 'test', level: 'silent' }),
    ttlMs: 180_000,
    saveIntervalMs: 60_000,
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
  sessions.stop();
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
  const saved = (shardId: number) => {
    const v = redis.values.get(`t:session:42:4:${shardId}`);
    return v === undefined ? undefined : (JSON.parse(v) as SessionInfo);
  };
  return { redis, producers, sessions, hooks, discordJs, destroyed, ready, dispatch, saved };
}

describe('GatewaySessions', () => {
  it('saves a sequence only once the jobs of it and every earlier dispatch are in Redis', async () => {
    const t = setup();
    t.ready(1, 1);
    await t.sessions.save();
    expect(t.saved(1)).toMatchObject({ sessionId: 'abc', sequence: 1, shardId: 1, shardCount: 4 });

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
    expect(t.saved(1)!.sequence).toBe(1);

    t.producers[1]!.stored++;
    t.sessions.jobsStored();
    await t.sessions.save();
    expect(t.saved(1)!.sequence).toBe(1);

    t.producers[0]!.stored++;
    t.sessions.jobsStored();
    await t.sessions.save();
    expect(t.saved(1)!.sequence).toBe(4);
    expect(t.redis.ttls.get('t:session:42:4:1')).toBe(180_000);
  });

  it('keeps one entry for a run of dispatches that submitted nothing', async () => {
    const t = setup();
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
    expect(t.saved(1)!.sequence).toBe(1000);
  });

  it('keeps the record while Redis refuses writes, and writes it when Redis returns', async () => {
    const t = setup();
    t.ready(0, 5);
    t.redis.failing = true;
    await t.sessions.save();
    expect(t.saved(0)).toBeUndefined();
    t.redis.failing = false;
    await t.sessions.save();
    expect(t.saved(0)!.sequence).toBe(5);
  });

  it('hands a stored session to the shard once, and to discord.js’s own copy too', async () => {
    const stored = { sessionId: 'old', sequence: 77, resumeURL: 'wss://r', shardId: 2, shardCount: 4 };
    const t = setup({
      't:session:42:4:2': JSON.stringify(stored),
      't:session:42:4:3': JSON.stringify({ ...stored, shardId: 3, shardCount: 8 }),
    });
    expect(await t.sessions.load([0, 2, 3])).toEqual([2]);
    expect(t.hooks.retrieveSessionInfo(2)).toEqual(stored);
    expect(t.discordJs.get(2)).toEqual(stored);
    expect(t.hooks.retrieveSessionInfo(3)).toBeNull();

    // The resume failed (op 9): the session is cleared, the record deleted, and the shard identifies.
    t.hooks.updateSessionInfo(2, null);
    expect(t.hooks.retrieveSessionInfo(2)).toBeNull();
    await t.sessions.save();
    expect(t.saved(2)).toBeUndefined();
  });

  it('starts a new session’s checkpoint at its READY', async () => {
    const t = setup();
    t.ready(1, 1, 'first');
    t.dispatch(1, 50);
    t.producers[0]!.submitted++;
    t.sessions.handled(1, 50);
    t.ready(1, 1, 'second');
    await t.sessions.save();
    expect(t.saved(1)).toMatchObject({ sessionId: 'second', sequence: 1 });
  });

  it('closes with 4200 and keeps the sessions in Redis through the shards’ cleared sessions', async () => {
    const t = setup();
    t.ready(1, 9);
    await t.sessions.save();
    await t.sessions.close();
    expect(t.destroyed).toEqual([expect.objectContaining({ code: 4200 })]);
    await t.sessions.save();
    expect(t.saved(1)!.sequence).toBe(9);
  });
});
