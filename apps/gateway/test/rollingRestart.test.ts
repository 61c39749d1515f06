import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { metricSum, startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';
import {
  expectEveryJoinOnce,
  guildsOnEveryShard,
  medianAndMax,
  simSessions,
  sleep,
  startLoad,
  type SentLoad,
  type SimSession,
  everySessionSaved,
} from './support/sessionLoad';

const TOTAL_SHARDS = 4;

type SimStats = ReturnType<GatewayUnderTest['sim']['state']['stats']['toJSON']>;

/**
 * Deploys under load, against a simulator that lets one shard identify per 5 s (max_concurrency 1): a rolling
 * restart of the host's clusters (SIGHUP) and a whole host stopped and started again. Every shard resumes; no
 * join is lost or doubled; each shard's gap (no socket, as the simulator saw it) is measured.
 */
describe('gateway deploys: every shard resumes, nothing is lost, the gap per shard is measured', () => {
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
      sim: { maxConcurrency: 1 },
      env: { GATEWAY_SESSION_SAVE_MS: '100' },
    });
    guilds = guildsOnEveryShard(gut, TOTAL_SHARDS);
    await everySessionSaved(gut, ns.prefix, TOTAL_SHARDS);
  }, 120_000);

  afterAll(async () => {
    await gut?.close();
    await ns?.cleanup();
  }, 60_000);

  it('SIGHUP: each cluster is handed over to a new process in turn', async () => {
    const before = gut.sim.state.stats.toJSON();
    const sessionsBefore = await simSessions(gut);
    const load = startLoad(gut, guilds, TOTAL_SHARDS);
    await sleep(1_000);
    gut.gateway.child.kill('SIGHUP');
    await gut.gateway.waitForLine((l) => l.includes('"rolling restart done"'), 60_000);
    await sleep(1_000);
    const sent = await load.stop();
    const after = gut.sim.state.stats.toJSON();

    await expectEveryShardResumed(before, after, sent);
    const handovers = gut.gateway.logs().filter((l) => l.msg === 'cluster handed over');
    expect(handovers.map((l) => l.cluster).sort()).toEqual([0, 1]);
    const gaps = newGaps(sessionsBefore, await simSessions(gut));
    expect(gaps).toHaveLength(TOTAL_SHARDS);
    await report('rolling restart (SIGHUP)', sent, before, after, gaps);
    // The host's own figure: stopping a cluster to its successor being ready.
    const metrics = await (await fetch(`${gut.managerOpsUrl}/metrics`)).text();
    expect(metricSum(metrics, 'droas_gateway_handover_seconds_count', {})).toBe(2);
  }, 120_000);

  it.each([
    ['after it has exited (a StatefulSet replacing its pod)', false],
    ['by one started as it stops (the successor waits for the shards)', true],
  ])(
    'SIGTERM of the whole host, replaced %s: every cluster starts at once and resumes',
    async (_, overlap) => {
      const before = gut.sim.state.stats.toJSON();
      const sessionsBefore = await simSessions(gut);
      const load = startLoad(gut, guilds, TOTAL_SHARDS);
      await sleep(1_000);
      const stopped = gut.gateway.stop('SIGTERM', 20_000);
      if (!overlap) expect(await stopped).toBe(0);
      const next = await gut.startAgain();
      expect(await stopped).toBe(0);
      await sleep(1_000);
      const sent = await load.stop();
      const after = gut.sim.state.stats.toJSON();

      await expectEveryShardResumed(before, after, sent);
      // No identify pacing for a host that only resumes.
      const spawning = next.logs().find((l) => l.msg === 'spawning clusters');
      expect(spawning).toMatchObject({ resumable: TOTAL_SHARDS, perShardDelayMs: 1 });
      const gaps = newGaps(sessionsBefore, await simSessions(gut));
      expect(gaps).toHaveLength(TOTAL_SHARDS);
      await report(
        `host replaced ${overlap ? 'by one started beside it' : 'after exit'}`,
        sent,
        before,
        after,
        gaps,
      );
    },
    120_000,
  );

  /** Every shard resumed, none identified (or was refused), and every join of the load is one job. */
  async function expectEveryShardResumed(before: SimStats, after: SimStats, sent: SentLoad): Promise<void> {
    expect(after.identifies).toBe(before.identifies);
    expect(after.identifyRejected).toBe(before.identifyRejected);
    expect(after.resumes - before.resumes).toBe(TOTAL_SHARDS);
    await expectEveryJoinOnce(gut, sent.joins);
  }

  /** The gaps of resumes since `before`, one per session. */
  function newGaps(before: SimSession[], after: SimSession[]): number[] {
    return after.flatMap((s) => {
      const earlier = before.find((b) => b.sessionId === s.sessionId)?.resumeGapsMs.length ?? 0;
      return s.resumeGapsMs.slice(earlier);
    });
  }

  async function report(
    what: string,
    sent: SentLoad,
    before: { resumes: number; replayedEvents: number },
    after: { resumes: number; replayedEvents: number },
    gaps: number[],
  ): Promise<void> {
    // Interactions of the run: the guard defers each one (no worker runs here), or counts it too late.
    await sleep(3_000);
    const acknowledged = sent.interactions.filter(
      (ix) => gut.sim.state.ledger.get(ix.id)?.timeline.acknowledgement,
    );
    // The host's metrics: its clusters now running (a stopped process's counts went with it, but it
    // deferred what it took before it exited).
    const tooLate = metricSum(
      await (await fetch(`${gut.managerOpsUrl}/metrics`)).text(),
      'droas_ack_guard_results_total',
      { result: 'too_late' },
    );
    const { p50, max } = medianAndMax(gaps);
    console.info(
      `${what}: ${sent.joins.length} joins and ${sent.interactions.length} interactions in ` +
        `${sent.seconds.toFixed(1)} s (${((sent.joins.length + sent.interactions.length) / sent.seconds).toFixed(0)} events/s); ` +
        `per-shard gap p50 ${p50} ms, max ${max} ms (${gaps.join(', ')}); resumes +${after.resumes - before.resumes}, ` +
        `replayed events +${after.replayedEvents - before.replayedEvents}; interactions acknowledged ` +
        `${acknowledged.length}/${sent.interactions.length}, too_late counted ${tooLate}`,
    );
    expect(sent.interactions.length - acknowledged.length).toBeLessThanOrEqual(tooLate);
  }
});
