import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';
import {
  expectEveryJoinOnce,
  guildsOnEveryShard,
  medianAndMax,
  simSessions,
  sleep,
  startLoad,
  everySessionSaved,
} from './support/sessionLoad';

const TOTAL_SHARDS = 4;
const HOSTS = [
  { HOST_COUNT: '2', HOST_INDEX: '0' },
  { HOST_COUNT: '2', HOST_INDEX: '1' },
];

/** Two gateway hosts of one bot, as two pods would run it, against a Discord allowing one identify per 5 s. */
describe('two gateway hosts: disjoint shards, one identify at a time, a host restarted alone', () => {
  let ns: TestRedisNamespace;
  let gut: GatewayUnderTest;

  beforeAll(async () => {
    ns = createTestRedisNamespace();
    gut = await startGatewayUnderTest({
      redisUrl: ns.url,
      prefix: ns.prefix,
      totalShards: TOTAL_SHARDS,
      shardsPerCluster: 1,
      sim: { maxConcurrency: 1 },
      env: { GATEWAY_SESSION_SAVE_MS: '100' },
      hosts: HOSTS,
    });
  }, 120_000);

  afterAll(async () => {
    await gut?.close();
    await ns?.cleanup();
  }, 60_000);

  it('started together, the hosts split the shards between them and never identify over the limit', async () => {
    const planned = gut.hosts.map(
      (h) => h.process.logs().find((l) => l.msg === 'spawning clusters')!.shards as number[],
    );
    expect(planned[0]!.filter((s) => planned[1]!.includes(s))).toEqual([]);
    expect([...planned[0]!, ...planned[1]!].sort()).toEqual([0, 1, 2, 3]);
    const stats = gut.sim.state.stats.toJSON();
    expect(stats.identifies).toBe(TOTAL_SHARDS);
    expect(stats.identifyRejected).toBe(0);
    const sessions = await simSessions(gut);
    expect(sessions.map((s) => s.shardId).sort()).toEqual([0, 1, 2, 3]);
    expect(sessions.every((s) => s.connected)).toBe(true);
  });

  it('one host restarted while the other runs: its shards resume and no join is lost', async () => {
    await everySessionSaved(gut, ns.prefix, TOTAL_SHARDS);
    const guilds = guildsOnEveryShard(gut, TOTAL_SHARDS);
    const before = gut.sim.state.stats.toJSON();
    const sessionsBefore = await simSessions(gut);
    const load = startLoad(gut, guilds, TOTAL_SHARDS);
    await sleep(1_000);
    await gut.restartHost(1);
    await sleep(1_000);
    const sent = await load.stop();
    const after = gut.sim.state.stats.toJSON();

    expect(after.identifies).toBe(before.identifies);
    expect(after.identifyRejected).toBe(0);
    expect(after.resumes - before.resumes).toBe(2);
    await expectEveryJoinOnce(gut, sent.joins);
    const restarted = gut.hosts[1]!.process.logs().find((l) => l.msg === 'spawning clusters')!;
    const gaps = (await simSessions(gut)).flatMap((s) =>
      s.resumeGapsMs.slice(sessionsBefore.find((b) => b.sessionId === s.sessionId)!.resumeGapsMs.length),
    );
    expect(gaps).toHaveLength((restarted.shards as number[]).length);
    const { p50, max } = medianAndMax(gaps);
    console.info(
      `two hosts, host 1 restarted: ${sent.joins.length} joins in ${sent.seconds.toFixed(1)} s, all enqueued ` +
        `once; host 1's shards ${JSON.stringify(restarted.shards)} resumed with gaps p50 ${p50} ms, max ${max} ms; ` +
        `identifies +${after.identifies - before.identifies}, rejected ${after.identifyRejected}`,
    );
  }, 120_000);
});
