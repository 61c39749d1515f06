import { COMMAND_OPTION_TYPE } from '@droas/contracts';
import { Database, readMoneySupply } from '@droas/db';
import {
  startSimulator,
  type ExplicitOption,
  type InteractionTimeline,
  type Simulator,
} from '@droas/discord-sim';
import {
  createTestDatabase,
  createTestRedisNamespace,
  eventually,
  type TestDatabase,
  type TestRedisNamespace,
} from '@droas/testkit';
import {
  percentiles,
  seedEconomy,
  startMonolith,
  type LoadGuild,
  type RunningMonolith,
} from '../src/index.js';

const MEMBERS = 20;
const STARTING_BALANCE = 1_000n;

/** `/pay user amount` as the option tree Discord sends, with explicit types. */
function payOptions(user: string, amount: number): ExplicitOption[] {
  return [
    { name: 'user', type: COMMAND_OPTION_TYPE.User, value: user },
    { name: 'amount', type: COMMAND_OPTION_TYPE.Integer, value: amount },
  ];
}

/** When the member could first read an answer: the callback with content, or the edit after a deferral. */
function answeredAt(t: InteractionTimeline): number | undefined {
  if (t.acknowledgement === null) return undefined;
  if (t.acknowledgement.type === 4) return t.acknowledgement.at;
  return t.edits[0]?.at;
}

describe('the monolith baseline', () => {
  let sim: Simulator;
  let testDb: TestDatabase;
  let ns: TestRedisNamespace;
  let monolith: RunningMonolith | undefined;
  let db: Database;
  let guilds: LoadGuild[];

  beforeAll(async () => {
    sim = await startSimulator({ maxConcurrency: 16, population: { count: 2, membersPerGuild: MEMBERS } });
    testDb = await createTestDatabase();
    ns = createTestRedisNamespace();
    db = new Database({ url: testDb.url, maxConnections: 2 });
    guilds = sim.state.population.guilds().map((g) => ({
      guildId: g.id,
      memberIds: sim.state.population.memberIds(g, 0, MEMBERS),
    }));
    await seedEconomy(testDb.url, guilds, STARTING_BALANCE);
    // Two shards in the one client, so interactions of both guilds' shards reach it.
    monolith = await startMonolith({
      discord: sim,
      databaseUrl: testDb.url,
      redisUrl: ns.url,
      prefix: ns.prefix,
      totalShards: 2,
    });
  });

  afterAll(async () => {
    await monolith?.stop();
    await sim.close();
    await ns.cleanup();
    await db.close();
    await testDb.drop();
  });

  it('answers /balance and /pay exactly once each, with content, in time', async () => {
    const guildIds = guilds.map((g) => g.guildId);
    const supplyBefore = await readMoneySupply(db, guildIds);
    const dispatched: { id: string; command: string }[] = [];
    for (let i = 0; i < 70; i++) {
      const guild = guilds[i % guilds.length]!;
      const userId = guild.memberIds[Math.floor(i / guilds.length) % MEMBERS]!;
      if (i < 50) {
        const { id } = sim.state.dispatchInteraction({ guildId: guild.guildId, userId, command: 'balance' });
        dispatched.push({ id, command: 'balance' });
      } else {
        const payee = guild.memberIds[(Math.floor(i / guilds.length) + 1) % MEMBERS]!;
        const { id } = sim.state.dispatchInteraction({
          guildId: guild.guildId,
          userId,
          command: 'pay',
          options: payOptions(payee, 5),
        });
        dispatched.push({ id, command: 'pay' });
      }
    }
    const timelines = await eventually(
      () => {
        const all = dispatched.map(({ id }) => sim.state.ledger.get(id)?.timeline);
        return all.every((t) => t !== undefined && t.content !== null)
          ? (all as InteractionTimeline[])
          : undefined;
      },
      30_000,
      'every interaction answered',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}; monolith said:\n${monolith!.process.lines.slice(-20).join('\n')}`);
    });

    const latencies = timelines.map((t) => answeredAt(t)! - t.dispatchedAt);
    const first = Math.min(...timelines.map((t) => t.dispatchedAt));
    const last = Math.max(...timelines.map((t) => answeredAt(t)!));
    const stats = percentiles(latencies);
    console.info(
      `monolith, burst of 70 (50 /balance, 20 /pay): ${((timelines.length / (last - first)) * 1000).toFixed(0)}/s, ` +
        `p50 ${stats.p50.toFixed(0)} ms, p95 ${stats.p95.toFixed(0)} ms, max ${stats.max.toFixed(0)} ms; ` +
        `deferred: ${timelines.filter((t) => t.acknowledgement?.type === 5).length}`,
    );

    for (const [i, t] of timelines.entries()) {
      expect(t.acknowledgement).not.toBeNull();
      expect(t.violations).toEqual([]);
      if (dispatched[i]!.command === 'balance') {
        expect(t.content).toMatch(/^💰 You have \*\*.+\*\*: rank \*\*#\d+\*\*/);
        expect(t.acknowledgement!.ephemeral).toBe(true);
      } else {
        expect(t.content).toMatch(/^💸 <@\d+> paid <@\d+> \*\*.+\*\*\./);
        expect(t.acknowledgement!.ephemeral).toBe(false);
      }
    }
    const simStats = sim.state.stats.toJSON();
    expect(simStats.doubleAcknowledgements).toBe(0);
    expect(simStats.lateAcknowledgements).toBe(0);
    expect(simStats.acknowledged).toBe(70);

    // Twenty payments went through and moved money without making any.
    const [row] = await db.sql<{ n: bigint }[]>`
      select count(*) as n from ledger_entries where kind = 'transfer_out'`;
    expect(Number(row!.n)).toBe(20);
    expect(await readMoneySupply(db, guildIds)).toEqual(supplyBefore);
  });

  it('refuses a command that breaks the job contract as the gateway does, running nothing', async () => {
    const guild = guilds[0]!;
    const before = await readMoneySupply(db, [guild.guildId]);
    const { id } = sim.state.dispatchRawInteraction({
      guildId: guild.guildId,
      userId: guild.memberIds[0]!,
      command: 'pay',
      dataJson: {
        options: `[{"name":"user","type":6,"value":"${guild.memberIds[1]!}"},{"name":"amount","type":4,"value":1e308}]`,
      },
    });
    const t = await eventually(() => {
      const timeline = sim.state.ledger.get(id)?.timeline;
      return timeline?.content === null ? undefined : timeline;
    });
    expect(t.content).toMatch(/^⚠️ I couldn't run that: `amount` must be .* Nothing was done\.$/);
    expect(t.acknowledgement).toMatchObject({ type: 4, ephemeral: true });
    expect(await readMoneySupply(db, [guild.guildId])).toEqual(before);
  });

  it('stops cleanly on SIGTERM', async () => {
    const running = monolith!;
    await running.stop();
    expect(await running.process.exited).toBe(0);
    monolith = undefined;
  });
});
