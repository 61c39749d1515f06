import { createTestRedisNamespace, eventually, type TestRedisNamespace } from '@droas/testkit';
import { startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';
import {
  expectEveryJoinOnce,
  guildsOnEveryShard,
  simSessions,
  sleep,
  startLoad,
  everySessionSaved,
} from './support/sessionLoad';

const TOTAL_SHARDS = 2;
const HEARTBEAT_MS = 1_500;
const GRACE_MS = 1_000;

/**
 * A cluster process frozen (SIGSTOP: a long GC pause, a throttled container, a debugger) for longer than
 * Discord waits for a heartbeat, and longer than its shard lease: Discord closes its connections, and when it
 * runs again it takes its lease back, resumes, and nothing sent meanwhile is lost.
 */
describe('a stalled cluster', () => {
  let ns: TestRedisNamespace;
  let gut: GatewayUnderTest;

  beforeAll(async () => {
    ns = createTestRedisNamespace();
    gut = await startGatewayUnderTest({
      redisUrl: ns.url,
      prefix: ns.prefix,
      totalShards: TOTAL_SHARDS,
      shardsPerCluster: 2,
      sim: { heartbeatIntervalMs: HEARTBEAT_MS, heartbeatGraceMs: GRACE_MS },
      env: { GATEWAY_SESSION_SAVE_MS: '100', GATEWAY_SHARD_LEASE_MS: '2000' },
    });
    await everySessionSaved(gut, ns.prefix, TOTAL_SHARDS);
  }, 120_000);

  afterAll(async () => {
    await gut?.close();
    await ns?.cleanup();
  }, 60_000);

  it('is closed by Discord past the heartbeat timeout, then resumes and loses nothing', async () => {
    const guilds = guildsOnEveryShard(gut, TOTAL_SHARDS);
    const cluster = gut.gateway.logs().find((l) => l.msg === 'cluster starting')!;
    const pid = cluster.pid as number;
    const before = gut.sim.state.stats.toJSON();
    const sessionsBefore = await simSessions(gut);
    const load = startLoad(gut, guilds, TOTAL_SHARDS);
    await sleep(500);
    process.kill(pid, 'SIGSTOP');
    // Past the heartbeat interval and its grace, and past the 2 s lease.
    await eventually(
      async () => ((await simSessions(gut)).every((s) => !s.connected) ? true : undefined),
      HEARTBEAT_MS + GRACE_MS + 5_000,
      'the simulator closed the stalled connections',
    );
    await sleep(1_000);
    const closed = gut.sim.state.stats.toJSON();
    process.kill(pid, 'SIGCONT');
    await eventually(
      () => (gut.sim.state.stats.toJSON().resumes >= before.resumes + TOTAL_SHARDS ? true : undefined),
      30_000,
      'both shards resumed',
    );
    await sleep(1_000);
    const sent = await load.stop();
    const after = gut.sim.state.stats.toJSON();

    expect(closed.heartbeatTimeouts - before.heartbeatTimeouts).toBe(TOTAL_SHARDS);
    expect(after.identifies).toBe(before.identifies);
    expect(after.resumes - before.resumes).toBe(TOTAL_SHARDS);
    const sessionsAfter = await simSessions(gut);
    expect(sessionsAfter.map((s) => s.sessionId).sort()).toEqual(
      sessionsBefore.map((s) => s.sessionId).sort(),
    );
    await expectEveryJoinOnce(gut, sent.joins);
    // The same process carries on: it took its lapsed lease back rather than stopping.
    expect(gut.gateway.logs().filter((l) => l.msg === 'cluster starting')).toHaveLength(1);
    expect(gut.gateway.logs().filter((l) => l.msg === 'cluster died; respawning')).toEqual([]);
    console.info(
      `stalled cluster: ${sent.joins.length} joins in ${sent.seconds.toFixed(1)} s, all enqueued once; ` +
        `heartbeat timeouts +${closed.heartbeatTimeouts - before.heartbeatTimeouts}, resumes ` +
        `+${after.resumes - before.resumes}, replayed events +${after.replayedEvents - before.replayedEvents}`,
    );
  }, 120_000);
});
