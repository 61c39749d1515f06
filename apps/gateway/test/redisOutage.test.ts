import { QUEUE_NAMES, shardIdForGuild, type MemberJoinJob } from '@droas/contracts';
import { eventually, startPrivateRedis, type PrivateRedis } from '@droas/testkit';
import { metricSum, startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';

const TOTAL_SHARDS = 2;

describe('gateway while Redis is away for 5 s', () => {
  let redis: PrivateRedis;
  let gut: GatewayUnderTest;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    gut = await startGatewayUnderTest({
      redisUrl: redis.url,
      prefix: 'outage',
      totalShards: TOTAL_SHARDS,
      shardsPerCluster: 2,
    });
  }, 90_000);

  afterAll(async () => {
    await gut?.close();
    await redis?.close();
  }, 60_000);

  it('keeps every event, in order per shard, none twice, and drains when Redis returns', async () => {
    const guilds = gut.sim.state.population.guilds().map((g) => g.id);
    const guildOnShard = [0, 1].map((s) => guilds.find((g) => shardIdForGuild(g, TOTAL_SHARDS) === s)!);
    const sentPerShard: string[][] = [[], []];
    const interactionIds: string[] = [];

    // ~7 s of steady traffic: a join every 25 ms alternating between the shards, an interaction every 10th.
    const started = Date.now();
    let tick = 0;
    let stopped = false;
    let restarted = false;
    while (Date.now() - started < 7_000) {
      const elapsed = Date.now() - started;
      if (!stopped && elapsed > 1_000) {
        stopped = true;
        await redis.stop();
      }
      if (stopped && !restarted && elapsed > 6_000) {
        restarted = true;
        await redis.start();
      }
      const shard = tick % 2;
      const join = gut.sim.state.memberJoin(guildOnShard[shard]!);
      expect(join.delivered).toBe(true);
      sentPerShard[shard]!.push(join.userId);
      if (tick % 10 === 0) {
        const guild = gut.sim.state.population.guild(guildOnShard[shard]!)!;
        const userId = gut.sim.state.population.memberIds(guild, 0, 1)[0]!;
        interactionIds.push(
          gut.sim.state.dispatchInteraction({ guildId: guild.id, userId, command: 'ping' }).id,
        );
      }
      tick++;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(stopped && restarted).toBe(true);
    const total = sentPerShard[0]!.length + sentPerShard[1]!.length;
    expect(total).toBeGreaterThan(150);

    const joins = await eventually(
      async () => {
        const jobs = await gut.jobs(gut.queues.memberEvents);
        return jobs.length >= total ? jobs : undefined;
      },
      30_000,
      'every join in the queue',
    );
    expect(joins).toHaveLength(total);
    for (const shard of [0, 1]) {
      const queued = joins
        .filter((j) => j.job.shardId === shard)
        .map((j) => (j.job as MemberJoinJob).user.id);
      expect(queued).toEqual(sentPerShard[shard]);
    }
    const interactions = await eventually(async () => {
      const jobs = await gut.jobs(gut.queues.interactions);
      return jobs.length >= interactionIds.length ? jobs : undefined;
    }, 30_000);
    expect(interactions.map((j) => j.id).sort()).toEqual(interactionIds.map((id) => `ix-${id}`).sort());

    // The outage was seen and reported, not hidden: failed sends were counted, and nothing was refused.
    const [clusterUrl] = gut.clusterOpsUrls();
    const metrics = await (await fetch(`${clusterUrl}/metrics`)).text();
    expect(metricSum(metrics, 'droas_gateway_enqueue_errors_total')).toBeGreaterThan(0);
    expect(metricSum(metrics, 'droas_gateway_buffer_refused_total')).toBe(0);
    expect(metricSum(metrics, 'droas_gateway_buffer_depth')).toBe(0);
    expect(gut.gateway.logs().some((l) => l.msg === 'Redis unreachable: buffering jobs')).toBe(true);
    expect(QUEUE_NAMES.memberEvents).toBe('member-events');
  });
});
