import { interactionKeys, RECORD_FIELD } from '@droas/ack-protocol';
import { queuePartitionPrefix } from '@droas/contracts';
import { verifyLedger } from '@droas/db';
import { RedisNamespace } from '@droas/runtime';
import {
  eventually,
  parsePrometheusText,
  samplesOf,
  startPrivateRedisCluster,
  type PrivateRedisCluster,
} from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const MEMBERS = 400; // 8 guilds × 50 members: each claims /daily once
const RATE_PER_SECOND = 40;

/**
 * kill -9 of a Redis Cluster primary under load. Every member claims /daily once, at a steady rate; a
 * third of the way through, the primary serving queue partition 0 (and the keys of the guilds hashed to it)
 * dies, and its replica takes over after the cluster's node timeout. Counted at the end: commands sent,
 * daily rewards in the ledger, acknowledgements the simulator saw, batches the gateway sent again. No reward
 * may be in the ledger twice, every answered command's reward must be there, nothing may be acknowledged
 * late or twice. A command whose whole 3 s fell inside the failover of its guild's keys cannot be
 * acknowledged (the claim lives on the failed primary) and is abandoned, never answered late: counted.
 */
describe('a Redis Cluster primary killed under load', () => {
  let cluster: PrivateRedisCluster;
  let stack: WorkerStack;

  beforeAll(async () => {
    cluster = await startPrivateRedisCluster();
    stack = await startWorkerStack({
      workers: 2,
      redisUrl: cluster.url,
      redisCluster: true,
      sim: { population: { count: 8, membersPerGuild: 50 } },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await cluster?.close();
  }, 60_000);

  /** Kills the primary on `port` and resolves to the milliseconds until its replica is a primary. */
  async function promotion(port: number): Promise<number> {
    const nodes = await cluster.clusterNodes();
    const primaryId = nodes.find((n) => n.port === port)?.id;
    const replica = nodes.find((n) => n.role === 'replica' && n.primaryId === primaryId);
    if (replica === undefined) throw new Error(`no replica of the primary on port ${port}`);
    const killedAt = Date.now();
    await cluster.killNode(port, 'SIGKILL');
    await eventually(
      async () =>
        (await cluster.clusterNodes()).find((n) => n.port === replica.port)?.role === 'primary'
          ? true
          : undefined,
      30_000,
      'the replica promoted',
    );
    return Date.now() - killedAt;
  }

  it('fails over to the replica; nothing acknowledged is lost and nothing is applied twice', async () => {
    const partition0 = queuePartitionPrefix(stack.ns.prefix, 0, { partitions: 4, cluster: true });
    const victimPort = (await cluster.nodeForKey(`${partition0}:x`)).port;
    const ids: string[] = [];
    let promoted: Promise<number> | undefined;
    const started = Date.now();
    for (let i = 0; i < MEMBERS; i++) {
      ids.push(stack.dispatch('daily'));
      if (i === Math.floor(MEMBERS / 3)) {
        promoted = promotion(victimPort);
      }
      const due = started + ((i + 1) * 1000) / RATE_PER_SECOND;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - Date.now())));
    }
    const failoverMs = await promoted!;
    await cluster.waitHealthy();

    // Each command ends answered, or abandoned: nobody could acknowledge it within Discord's 3 s (its claim
    // is 'dead', and no acknowledgement was sent late).
    const record = interactionKeys(new RedisNamespace(stack.ns.prefix)).record;
    const settled = await eventually(
      async () => {
        const outcomes = await Promise.all(
          ids.map(async (id) => {
            const t = stack.timeline(id)!;
            if (t.content !== null) return 'answered';
            const claim = await stack.redis.hget(record(t.guildId!, id), RECORD_FIELD.ack).catch(() => null);
            return claim === 'dead' && t.acknowledgement === null ? 'abandoned' : undefined;
          }),
        );
        return outcomes.every((o) => o !== undefined) ? outcomes : undefined;
      },
      90_000,
      'every command answered or abandoned',
    );
    const answered = ids.filter((_, i) => settled[i] === 'answered');
    const abandoned = ids.filter((_, i) => settled[i] === 'abandoned');
    const rewarded = new Set(
      (
        await stack.db.sql<{ guild_id: bigint; user_id: bigint; n: bigint }[]>`
          select guild_id, user_id, count(*) as n from ledger_entries where kind = 'daily' group by 1, 2`
      ).map((r) => {
        expect(r.n).toBe(1n); // nobody's reward applied twice
        return `${r.guild_id}/${r.user_id}`;
      }),
    );
    const memberOf = (id: string) => `${stack.timeline(id)!.guildId}/${stack.timeline(id)!.userId}`;
    const stats = stack.sim.state.stats.toJSON();
    const gateway = parsePrometheusText(await (await fetch(`${stack.gateway.managerOpsUrl}/metrics`)).text());
    const sum = (name: string) => samplesOf(gateway, name).reduce((total, s) => total + s.value, 0);
    const figures = {
      failoverMs,
      sent: ids.length,
      answered: answered.length,
      abandoned: abandoned.length,
      rewarded: rewarded.size,
      rewardedButAbandoned: abandoned.filter((id) => rewarded.has(memberOf(id))).length,
      enqueueErrors: sum('droas_gateway_enqueue_errors_total'),
      unreplicatedBatches: sum('droas_gateway_unreplicated_batches_total'),
      duplicateEvents: sum('droas_gateway_duplicate_events_total'),
      deferred: answered.filter((id) => stack.timeline(id)!.acknowledgement?.type === 5).length,
      lateAcknowledgements: stats.lateAcknowledgements,
      doubleAcknowledgements: stats.doubleAcknowledgements,
    };
    process.stdout.write(`[redis failover] ${JSON.stringify(figures)}\n`);

    // Every answered command's reward is in the ledger once; nothing was acknowledged late or twice.
    expect(answered.filter((id) => !rewarded.has(memberOf(id)))).toEqual([]);
    expect(figures.lateAcknowledgements).toBe(0);
    expect(figures.doubleAcknowledgements).toBe(0);
    // Only commands whose 3 s fell inside the failover may go unanswered: a small share of the run.
    expect(figures.abandoned).toBeLessThan(ids.length / 10);
    expect((await verifyLedger(stack.db)).breaches).toEqual([]);
    // The old primary comes back as a replica of the one promoted in its place.
    await cluster.restartNode(victimPort);
    await eventually(
      async () =>
        (await cluster.clusterNodes()).find((n) => n.port === victimPort)?.role === 'replica'
          ? true
          : undefined,
      30_000,
      'the old primary rejoined as a replica',
    );
  }, 180_000);
});
