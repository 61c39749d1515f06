import { interactionJobId } from '@droas/contracts';
import { createTestRedisNamespace, eventually, type TestRedisNamespace } from '@droas/testkit';
import { metricSum, startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';
import {
  everySessionSaved,
  expectEveryJoinOnce as everyJoinOnce,
  guildsOnEveryShard,
  simSessions as sessionsOf,
  sleep,
  startLoad as loadOn,
} from './support/sessionLoad';

const TOTAL_SHARDS = 4;

describe('gateway sessions kept in Redis: a new cluster process resumes its shards', () => {
  let ns: TestRedisNamespace;
  let gut: GatewayUnderTest;
  let guilds: string[];

  beforeAll(async () => {
    ns = createTestRedisNamespace();
    gut = await startGatewayUnderTest({
      redisUrl: ns.url,
      prefix: ns.prefix,
      totalShards: TOTAL_SHARDS,
      shardsPerCluster: 2,
      env: { CLUSTER_RESPAWN_BACKOFF_MS: '200', GATEWAY_SESSION_SAVE_MS: '100' },
    });
    guilds = guildsOnEveryShard(gut, TOTAL_SHARDS);
    // Every shard's session is saved before anything is killed.
    await everySessionSaved(gut, ns.prefix, TOTAL_SHARDS);
  }, 90_000);

  afterAll(async () => {
    await gut?.close();
    await ns?.cleanup();
  }, 60_000);

  it('kill -9 of a cluster under load: the respawn resumes, every join is enqueued once', async () => {
    const before = gut.sim.state.stats.toJSON();
    const sessionsBefore = await simSessions();
    const victim = latestClusterStart(0);
    const load = startLoad();
    await sleep(1_500);
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    // Resumed: both shards of cluster 0 are attached again (the respawn's own clientReady follows).
    await eventually(
      () => (gut.sim.state.stats.toJSON().resumes >= before.resumes + 2 ? true : undefined),
      30_000,
      'both shards resumed',
    );
    const resumedAt = Date.now();
    await sleep(1_500);
    const sent = await load.stop();
    const after = gut.sim.state.stats.toJSON();

    // The same sessions, resumed; not one new session started.
    expect(after.identifies).toBe(before.identifies);
    expect(after.resumes - before.resumes).toBe(2);
    expect(after.replayedEvents - before.replayedEvents).toBeGreaterThan(0);
    const sessionsAfter = await simSessions();
    expect(sessionsAfter.map((s) => s.sessionId).sort()).toEqual(
      sessionsBefore.map((s) => s.sessionId).sort(),
    );
    expect(sessionsAfter.every((s) => s.connected)).toBe(true);
    const respawned = latestClusterStart(0);
    expect(respawned.pid).not.toBe(victim.pid);
    expect(respawned.storedSessions).toEqual([0, 1]);
    // The respawn turned ready without READY: the manager counts both clusters ready again.
    await eventually(async () => ((await fetch(`${gut.managerOpsUrl}/readyz`)).ok ? true : undefined));
    expect((await fetch(`${respawned.ops}/readyz`)).ok).toBe(true);
    const errors = gut.gateway
      .logs()
      .filter((l) => (l.level as number) >= 50 && l.msg !== 'cluster died; respawning');
    expect(errors).toEqual([]);

    await expectEveryJoinOnce(sent.joins);
    const interactionJobs = await eventually(async () => {
      const jobs = new Set((await gut.jobs(gut.queues.interactions)).map((j) => j.id));
      return sent.interactions.every((ix) => jobs.has(interactionJobId(ix.id))) ? jobs : undefined;
    }, 30_000);
    expect(sent.interactions.filter((ix) => interactionJobs.has(interactionJobId(ix.id)))).toHaveLength(
      sent.interactions.length,
    );

    // Interactions created on the dead cluster's shards while it was away: acknowledged by the guard when
    // replayed in time, or counted too late (Discord's 3 s had passed).
    await sleep(3_000);
    const gap = sent.interactions.filter(
      (ix) => ix.shard < 2 && ix.createdAtMs >= killedAt && ix.createdAtMs <= resumedAt,
    );
    const acknowledged = gap.filter((ix) => gut.sim.state.ledger.get(ix.id)?.timeline.acknowledgement);
    const tooLate = metricSum(
      await (await fetch(`${respawned.ops}/metrics`)).text(),
      'droas_ack_guard_results_total',
      {
        result: 'too_late',
      },
    );
    console.info(
      `kill -9 under load: ${sent.joins.length} joins and ${sent.interactions.length} interactions in ` +
        `${sent.seconds.toFixed(1)} s (${(sent.joins.length / sent.seconds).toFixed(0)} joins/s); ` +
        `gap ${resumedAt - killedAt} ms; resumes +${after.resumes - before.resumes}, identifies ` +
        `+${after.identifies - before.identifies}, replayed events +${after.replayedEvents - before.replayedEvents}; ` +
        `gap interactions ${gap.length}: ${acknowledged.length} acknowledged, too_late counted ${tooLate}`,
    );
    expect(gap.length - acknowledged.length).toBeLessThanOrEqual(tooLate);

    // discord.js learns its own user from READY, which the respawn never got; its USER_UPDATE handler reads
    // it. The bot's profile changing must not bring the cluster down.
    const bot = {
      id: gut.sim.applicationId,
      username: 'droas',
      discriminator: '0',
      global_name: null,
      avatar: null,
    };
    gut.sim.state.gateway.dispatch(guilds[0]!, 'USER_UPDATE', { ...bot, bot: true });
    const after1 = gut.sim.state.memberJoin(guilds[0]!);
    await expectEveryJoinOnce([after1.userId]);
    expect(gut.gateway.logs().filter((l) => l.msg === 'cluster died; respawning')).toHaveLength(1);
  }, 120_000);

  it('SIGTERM of the gateway, then a new one: it resumes every shard and no join is lost', async () => {
    const before = gut.sim.state.stats.toJSON();
    const load = startLoad();
    await sleep(1_000);
    const code = await gut.gateway.stop('SIGTERM', 20_000);
    expect(code).toBe(0);
    // A resumable close: every session is still there, detached.
    const detached = await eventually(async () => {
      const sessions = await simSessions();
      return sessions.every((s) => !s.connected) ? sessions : undefined;
    });
    expect(detached).toHaveLength(TOTAL_SHARDS);
    await sleep(500);
    const next = await gut.startAgain();
    await sleep(1_000);
    const sent = await load.stop();
    const after = gut.sim.state.stats.toJSON();
    expect(after.identifies).toBe(before.identifies);
    expect(after.resumes - before.resumes).toBe(TOTAL_SHARDS);
    await expectEveryJoinOnce(sent.joins);
    console.info(
      `SIGTERM then restart: ${sent.joins.length} joins in ${sent.seconds.toFixed(1)} s; resumes ` +
        `+${after.resumes - before.resumes}, identifies +${after.identifies - before.identifies}, ` +
        `replayed events +${after.replayedEvents - before.replayedEvents}`,
    );
    const closes = next.logs().filter((l) => l.msg === 'resuming the stored gateway session');
    expect(closes).toHaveLength(TOTAL_SHARDS);
  }, 120_000);

  it('a stored session Discord no longer knows: the shard identifies, and its new session is stored', async () => {
    expect(await gut.gateway.stop('SIGTERM', 20_000)).toBe(0);
    const old = await eventually(async () => {
      const sessions = await simSessions();
      return sessions.every((s) => !s.connected) ? sessions : undefined;
    });
    // Discord forgot them while no process held them (as after its resume window).
    for (let shardId = 0; shardId < TOTAL_SHARDS; shardId++) {
      const res = await fetch(`${gut.sim.controlUrl}/gateway/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ shardId, shardCount: TOTAL_SHARDS, action: 'invalidate' }),
      });
      expect(res.ok).toBe(true);
    }
    const before = gut.sim.state.stats.toJSON();
    const next = await gut.startAgain();
    const after = gut.sim.state.stats.toJSON();
    // Each shard offered its stored session once, was refused, and identified instead.
    expect(next.logs().filter((l) => l.msg === 'resuming the stored gateway session')).toHaveLength(
      TOTAL_SHARDS,
    );
    expect(after.identifies - before.identifies).toBe(TOTAL_SHARDS);
    expect(after.resumes).toBe(before.resumes);
    expect(after.invalidSessions - before.invalidSessions).toBe(TOTAL_SHARDS);
    const fresh = await simSessions();
    expect(fresh.filter((s) => old.some((o) => o.sessionId === s.sessionId))).toEqual([]);
    // The new sessions replaced the records.
    const stored = await eventually(async () => {
      const keys = await sessionKeys();
      const values = (await Promise.all(keys.map((k) => gut.redis.get(k)))).map(
        (v) => (JSON.parse(v ?? '{}') as { sessionId?: string }).sessionId,
      );
      return fresh.every((s) => values.includes(s.sessionId)) ? values : undefined;
    });
    expect(stored).toHaveLength(TOTAL_SHARDS);
    const load = startLoad();
    await sleep(300);
    await expectEveryJoinOnce((await load.stop()).joins);
  }, 120_000);

  const startLoad = () => loadOn(gut, guilds, TOTAL_SHARDS);
  const expectEveryJoinOnce = (userIds: string[]) => everyJoinOnce(gut, userIds);
  const simSessions = () => sessionsOf(gut);

  function latestClusterStart(cluster: number): { pid: number; ops: string; storedSessions: number[] } {
    const line = gut.gateway
      .logs()
      .filter((l) => l.msg === 'cluster starting' && l.cluster === cluster)
      .at(-1);
    if (!line) throw new Error(`cluster ${cluster} never started`);
    return line as unknown as { pid: number; ops: string; storedSessions: number[] };
  }

  async function sessionKeys(): Promise<string[]> {
    return gut.redis.keys(`${ns.prefix}:{gateway}:session:*`);
  }
});
