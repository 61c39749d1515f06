import { queuePartitionPrefix } from '@droas/contracts';
import { createLogger, RedisNamespace } from '@droas/runtime';
import { createTestRedisClusterNamespace, type TestRedisClusterNamespace } from '@droas/testkit';
import type { SessionInfo } from 'discord.js';
import type { Cluster } from 'ioredis';
import { GatewaySessions, sessionKeySpaces } from '../src/gatewaySessions.js';
import { RedisDeliveryWindow } from '../src/redisDeliveryWindow.js';
import { RedisIdentifyThrottler } from '../src/redisIdentifyThrottler.js';
import { createGatewayMetrics } from '../src/gatewayMetrics.js';
import { Metrics } from '@droas/runtime';

type WsManager = Parameters<GatewaySessions['buildStrategy']>[0];
const logger = createLogger({ name: 'test', level: 'silent' });

/**
 * The gateway's Lua scripts and multi-key commands against a real Redis Cluster: a key outside the slot of a
 * script's first key fails it (CROSSSLOT, or "non local key" for a key built inside), so each passing case
 * proves its keys share a slot by construction.
 */
describe('the gateway’s Redis scripts on a Redis Cluster', () => {
  let ns: TestRedisClusterNamespace;
  let redis: Cluster;

  beforeAll(async () => {
    ns = createTestRedisClusterNamespace();
    redis = ns.connect();
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  });
  afterAll(() => ns.cleanup());

  it('records deliveries in three buckets of one partition’s slot, in every partition', async () => {
    for (let partition = 0; partition < 4; partition++) {
      const prefix = queuePartitionPrefix(ns.prefix, partition, { partitions: 4, cluster: true });
      const window = new RedisDeliveryWindow({
        redis,
        namespace: new RedisNamespace(prefix).child('delivered'),
        queue: 'interactions',
      });
      expect(await window.record([{ jobId: 'ix-1', token: 'a' }])).toBe(0);
      expect(await window.record([{ jobId: 'ix-1', token: 'b' }])).toBe(1);
    }
  });

  it('claims, saves, reads and releases four shards’ leases and sessions in single scripts', async () => {
    const spaces = sessionKeySpaces(new RedisNamespace(ns.prefix));
    const sessions = new GatewaySessions({
      redis,
      namespace: spaces.sessions,
      applicationId: '42',
      shardCount: 4,
      producers: [],
      logger,
      ttlMs: 60_000,
      saveIntervalMs: 60_000,
      leases: { namespace: spaces.leases, ttlMs: 10_000, onLost: () => {} },
    });
    const live = new Map<number, SessionInfo | null>();
    const manager = {
      options: {
        retrieveSessionInfo: (id: number) => live.get(id) ?? null,
        updateSessionInfo: (id: number, info: SessionInfo | null) => void live.set(id, info),
      },
      destroy: () => Promise.resolve(),
    };
    // The strategy wraps the manager's hooks: discord.js calls the wrapped ones, and so does this test.
    sessions.buildStrategy(manager as unknown as WsManager);
    const shards = [0, 1, 2, 3];
    await sessions.claim(shards);
    for (const shardId of shards) {
      manager.options.updateSessionInfo(shardId, {
        sessionId: `s${shardId}`,
        sequence: 5,
        resumeURL: 'wss://r',
        shardId,
        shardCount: 4,
      });
      sessions.handled(shardId, 5);
    }
    await sessions.save();
    const stored = await redis.mget(...shards.map((id) => spaces.sessions.key('42', 4, id)));
    expect(stored.map((s) => (s === null ? null : (JSON.parse(s) as SessionInfo).sequence))).toEqual([
      5, 5, 5, 5,
    ]);
    sessions.stop();
    await sessions.release();
    expect(await redis.mget(...shards.map((id) => spaces.leases.key('42', 4, id)))).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });

  it('takes identify slots by rate-limit bucket', async () => {
    const throttler = new RedisIdentifyThrottler({
      redis,
      maxConcurrency: 16,
      namespace: new RedisNamespace(ns.prefix).child('identify'),
      token: 'test-token',
      logger,
      metrics: createGatewayMetrics(new Metrics({ collectDefaults: false })),
    });
    await throttler.waitForIdentify(3, AbortSignal.timeout(5_000));
    await throttler.waitForIdentify(4, AbortSignal.timeout(5_000));
  });
});
