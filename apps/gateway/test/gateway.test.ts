import { RedisNamespace } from '@droas/runtime';
import { interactionKeys, publishCommandVisibility, RedisAckStore } from '@droas/ack-protocol';
import {
  interactionJobId,
  shardIdForGuild,
  snowflakeToTimestampMs,
  timestampToSnowflake,
  type InteractionJob,
  type MemberJoinJob,
} from '@droas/contracts';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createTestRedisNamespace, eventually, type TestRedisNamespace } from '@droas/testkit';
import { metricSum, startGatewayUnderTest, type GatewayUnderTest } from './support/gatewayHarness';

const TOTAL_SHARDS = 4;

describe('gateway: 4 shards in 2 cluster processes against the simulator', () => {
  let ns: TestRedisNamespace;
  let gut: GatewayUnderTest;
  let guildPerShard: string[];

  beforeAll(async () => {
    ns = createTestRedisNamespace();
    // What a worker publishes from its registry at start: the guard's deferrals follow it.
    const publisher = ns.connect();
    await publishCommandVisibility(publisher, interactionKeys(new RedisNamespace(ns.prefix)), [
      { name: 'balance', ephemeral: true },
      { name: 'pay', ephemeral: false },
      { name: 'ping', ephemeral: true },
    ]);
    gut = await startGatewayUnderTest({
      redisUrl: ns.url,
      prefix: ns.prefix,
      totalShards: TOTAL_SHARDS,
      shardsPerCluster: 2,
    });
    const guilds = [...gut.sim.state.population.guilds()].map((g) => g.id);
    guildPerShard = Array.from({ length: TOTAL_SHARDS }, (_, shard) => {
      const id = guilds.find((g) => shardIdForGuild(g, TOTAL_SHARDS) === shard);
      if (!id) throw new Error(`no seeded guild on shard ${shard}`);
      return id;
    });
  }, 90_000);

  afterAll(async () => {
    await gut?.close();
    await ns?.cleanup();
  }, 60_000);

  it('puts events for guilds on every shard on the right queues, with contract-valid payloads', async () => {
    const sent = [];
    for (const guildId of guildPerShard) {
      const member = gut.sim.state.population.guild(guildId)!;
      const userId = gut.sim.state.population.memberIds(member, 0, 1)[0]!;
      const ix = gut.sim.state.dispatchInteraction({ guildId, userId, command: 'ping' });
      const join = gut.sim.state.memberJoin(guildId);
      expect(ix.delivered && join.delivered).toBe(true);
      sent.push({ guildId, ix, join });
    }
    const interactions = await eventually(async () => {
      const jobs = await gut.jobs(gut.queues.interactions);
      return jobs.length >= TOTAL_SHARDS ? jobs : undefined;
    });
    const joins = await eventually(async () => {
      const jobs = await gut.jobs(gut.queues.memberEvents);
      return jobs.length >= TOTAL_SHARDS ? jobs : undefined;
    });
    for (const { guildId, ix, join } of sent) {
      const shard = shardIdForGuild(guildId, TOTAL_SHARDS);
      const ixJob = interactions.find((j) => j.id === interactionJobId(ix.id))?.job as
        InteractionJob | undefined;
      expect(ixJob).toMatchObject({
        kind: 'interaction',
        v: 2,
        id: ix.id,
        guildId,
        shardId: shard,
        command: { name: 'ping' },
      });
      const joinJob = joins.find((j) => (j.job as MemberJoinJob).user.id === join.userId)?.job as
        MemberJoinJob | undefined;
      // The guild as the gateway knows it from GUILD_CREATE, for `{server}` and `{memberCount}` in welcomes.
      expect(joinJob).toMatchObject({
        kind: 'member-join',
        v: 2,
        guildId,
        shardId: shard,
        guild: { name: expect.any(String) as string, memberCount: expect.any(Number) as number },
      });
    }
    // Both clusters took part: each owns two of the four shards.
    expect(new Set(interactions.map((j) => j.job.shardId))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('serves the whole host’s metrics on the manager’s port, one HELP and TYPE per metric', async () => {
    const text = await (await fetch(`${gut.managerOpsUrl}/metrics`)).text();
    for (const cluster of ['0', '1']) {
      expect(text).toMatch(
        new RegExp(`^droas_gateway_events_received_total\\{[^}]*cluster="${cluster}"`, 'm'),
      );
    }
    expect(text).toMatch(/^droas_gateway_clusters_ready\{[^}]*\} 2$/m);
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
  });

  it('turns the same dispatch delivered twice into one job, and counts the duplicate', async () => {
    const guildId = guildPerShard[1]!;
    const id = timestampToSnowflake(Date.now());
    const payload = rawInteraction(id, guildId, gut.sim.applicationId);
    const before = (await gut.jobs(gut.queues.interactions)).length;
    const duplicatesBefore = await duplicateCount();
    gut.sim.state.gateway.dispatch(guildId, 'INTERACTION_CREATE', payload);
    gut.sim.state.gateway.dispatch(guildId, 'INTERACTION_CREATE', payload);
    await eventually(async () => {
      const text = await (await fetch(`${clusterUrlForShard(1)}/metrics`)).text();
      return metricSum(text, 'droas_gateway_events_received_total', {
        type: 'INTERACTION_CREATE',
        shard: '1',
      }) >= 2
        ? true
        : undefined;
    });
    await eventually(async () =>
      (await gut.queues.interactions.getJob(interactionJobId(id))) ? true : undefined,
    );
    await new Promise((r) => setTimeout(r, 300));
    const after = await gut.jobs(gut.queues.interactions);
    expect(after.length - before).toBe(1);
    expect(after.filter((j) => j.id === interactionJobId(id))).toHaveLength(1);
    expect((await duplicateCount()) - duplicatesBefore).toBe(1);
  });

  it('counts and skips malformed dispatches, and keeps serving', async () => {
    const guildId = guildPerShard[2]!;
    const appId = gut.sim.applicationId;
    const good = rawInteraction(timestampToSnowflake(Date.now()), guildId, appId);
    const bad: unknown[] = [
      {},
      { ...good, id: 'not-a-snowflake' },
      { ...good, guild_id: 12345 },
      { ...good, token: 'x'.repeat(100_000) },
      { ...good, data: { ...good.data, name: 'y'.repeat(5_000) } },
      { ...good, data: { ...good.data, options: [{ name: 'amount', type: 4, value: 2 ** 53 + 2 }] } },
      JSON.parse(`{"id":"${good.id}","__proto__":{"polluted":true}}`),
      'a string',
    ];
    const before = await malformedCount(2);
    for (const payload of bad) gut.sim.state.gateway.dispatch(guildId, 'INTERACTION_CREATE', payload);
    gut.sim.state.gateway.dispatch(guildId, 'GUILD_MEMBER_ADD', { guild_id: guildId, user: { id: 'nope' } });
    gut.sim.state.gateway.dispatch(guildId, 'INTERACTION_CREATE', good);
    await eventually(async () =>
      (await gut.queues.interactions.getJob(interactionJobId(good.id))) ? true : undefined,
    );
    // 'a string' is not even an object; discord.js drops nothing, so every bad payload reached the forwarder.
    expect((await malformedCount(2)) - before).toBe(bad.length + 1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(gut.gateway.logs().some((l) => l.msg === 'cluster died; respawning')).toBe(false);
    const log = gut.gateway.logs().find((l) => l.msg === 'malformed dispatch skipped');
    expect(JSON.stringify(log)).not.toContain('x'.repeat(100));
  });

  it('defers every interaction within 3 s when no worker answers', async () => {
    const dispatched: { id: string }[] = [];
    for (let i = 0; i < 12; i++) {
      const guildId = guildPerShard[i % TOTAL_SHARDS]!;
      const guild = gut.sim.state.population.guild(guildId)!;
      const userId = gut.sim.state.population.memberIds(guild, 0, 1)[0]!;
      dispatched.push(
        gut.sim.state.dispatchInteraction({ guildId, userId, command: i % 2 ? 'balance' : 'pay' }),
      );
    }
    const timelines = await eventually(() => {
      const all = dispatched.map((d) => gut.sim.state.ledger.get(d.id)?.timeline);
      return all.every((t) => t?.acknowledgement) ? all : undefined;
    }, 10_000);
    for (const t of timelines) {
      expect(t!.acknowledgement).toMatchObject({ type: 5 });
      expect(t!.acknowledgement!.latencyMs).toBeLessThan(3_000);
      expect(t!.acknowledgement!.ephemeral).toBe(t!.command === 'balance');
      expect(t!.violations).toEqual([]);
    }
    const stats = gut.sim.state.stats.toJSON();
    expect(stats.lateAcknowledgements).toBe(0);
    expect(stats.doubleAcknowledgements).toBe(0);
  });

  it('never defers when a worker answers fast, and never acknowledges twice', async () => {
    // A stand-in for the real worker: take the claim, answer with the final message, record it.
    const connection = new Redis(ns.url, { maxRetriesPerRequest: null });
    const claims = new RedisAckStore(connection, interactionKeys(new RedisNamespace(ns.prefix)));
    const answered: string[] = [];
    const worker = new Worker(
      'interactions',
      async (job) => {
        const data = job.data as InteractionJob;
        const taken = await claims.take(data, { party: 'worker', leaseMs: 3_000 });
        if (taken.kind !== 'taken') return;
        await callback(data, 'pong');
        await claims.settle(data, { kind: 'answered' }, 'callback');
        answered.push(data.id);
      },
      { connection, prefix: ns.prefix, concurrency: 20 },
    );
    try {
      // The earlier tests ran no worker and left their jobs waiting: a queue that far behind makes the guard
      // defer at once (ACK_DEFER_AT_ONCE_AFTER_MS). Start from an empty queue, and give the gateway's next
      // look at it (every 250 ms) time to see that.
      const queue = new Queue('interactions', { connection, prefix: ns.prefix });
      await queue.drain();
      await queue.close();
      await new Promise((r) => setTimeout(r, 600));
      const deferredBefore = await guardCount('deferred');
      const dispatched: string[] = [];
      for (let i = 0; i < 20; i++) dispatched.push(dispatchPing(guildPerShard[i % TOTAL_SHARDS]!).id);
      await eventually(() => (dispatched.every((id) => answered.includes(id)) ? true : undefined), 10_000);
      // Past the guard time, so a guard that was going to fire has fired.
      await new Promise((r) => setTimeout(r, 2_000));
      for (const id of dispatched) {
        const t = gut.sim.state.ledger.get(id)!.timeline;
        expect(t.acknowledgement).toMatchObject({ type: 4 });
        expect(t.content).toBe('pong');
        expect(t.violations).toEqual([]);
      }
      expect(await guardCount('deferred')).toBe(deferredBefore);
      expect(gut.sim.state.stats.toJSON().doubleAcknowledgements).toBe(0);
    } finally {
      await worker.close();
      connection.disconnect();
    }
  });

  it('leaves an interaction to a worker holding the claim, even when its callback lands late', async () => {
    // The old failure: the worker's claim ran out at 2.2 s while its callback was still on its way (a slow
    // Discord), the guard deferred beside it, and one of the two was refused (40060). Now a claim lasts until
    // nothing its holder sent can land, and the guard never acknowledges beside it.
    const connection = new Redis(ns.url);
    const claims = new RedisAckStore(connection, interactionKeys(new RedisNamespace(ns.prefix)));
    try {
      const before = await guardCount('worker_answering');
      const ix = dispatchPing(guildPerShard[0]!);
      const ref = { id: ix.id, guildId: guildPerShard[0]!, createdAtMs: snowflakeToTimestampMs(ix.id) };
      expect(await claims.take(ref, { party: 'worker', leaseMs: 3_500 })).toMatchObject({ kind: 'taken' });
      // The callback lands 2.7 s after creation: past the old lease and the guard's last check.
      await new Promise((r) => setTimeout(r, ref.createdAtMs + 2_700 - Date.now()));
      await callback({ id: ix.id, token: ix.token }, 'late but first');
      await claims.settle(ref, { kind: 'answered' }, 'callback');
      await new Promise((r) => setTimeout(r, 500));
      const t = gut.sim.state.ledger.get(ix.id)!.timeline;
      expect(t.acknowledgement).toMatchObject({ type: 4 });
      expect(t.acknowledgement!.latencyMs).toBeLessThan(3_000);
      expect(t.content).toBe('late but first');
      expect(t.violations).toEqual([]);
      expect(await guardCount('worker_answering')).toBe(before + 1);
    } finally {
      connection.disconnect();
    }
  });

  function dispatchPing(guildId: string): { id: string; token: string } {
    const guild = gut.sim.state.population.guild(guildId)!;
    const userId = gut.sim.state.population.memberIds(guild, 0, 1)[0]!;
    return gut.sim.state.dispatchInteraction({ guildId, userId, command: 'ping' });
  }

  async function callback(ix: { id: string; token: string }, content: string): Promise<void> {
    const res = await fetch(`${gut.sim.restUrl}/v10/interactions/${ix.id}/${ix.token}/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 4, data: { content } }),
    });
    if (res.status !== 204 && res.status !== 200) throw new Error(`callback answered ${res.status}`);
  }

  async function guardCount(result: string): Promise<number> {
    let sum = 0;
    for (const url of gut.clusterOpsUrls()) {
      sum += metricSum(await (await fetch(`${url}/metrics`)).text(), 'droas_ack_guard_results_total', {
        result,
      });
    }
    return sum;
  }

  async function duplicateCount(): Promise<number> {
    let sum = 0;
    for (const url of gut.clusterOpsUrls()) {
      sum += metricSum(await (await fetch(`${url}/metrics`)).text(), 'droas_gateway_duplicate_events_total', {
        queue: 'interactions',
      });
    }
    return sum;
  }

  async function malformedCount(shard: number): Promise<number> {
    const text = await (await fetch(`${clusterUrlForShard(shard)}/metrics`)).text();
    return metricSum(text, 'droas_gateway_malformed_events_total');
  }

  function clusterUrlForShard(shard: number): string {
    return gut.clusterOpsUrl(shard);
  }
});

function rawInteraction(id: string, guildId: string, applicationId: string) {
  const userId = timestampToSnowflake(Date.now() - 86_400_000);
  return {
    id,
    application_id: applicationId,
    type: 2,
    token: `aW50ZXJhY3Rpb246${id}abcdefghijklmnop`,
    version: 1,
    guild_id: guildId,
    channel_id: guildId,
    channel: { id: guildId, type: 0, guild_id: guildId, name: 'general' },
    member: {
      user: { id: userId, username: 'tester', discriminator: '0', global_name: null, avatar: null },
      roles: [],
      joined_at: '2025-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      permissions: '2248473465835073',
    },
    app_permissions: '2248473465835073',
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    data: { id: applicationId, name: 'ping', type: 1 },
  };
}
