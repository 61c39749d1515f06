// Benchmark of welcome messages through the whole path (not a test): the simulator's GUILD_MEMBER_ADD over a
// real gateway socket, the gateway, the member-events queue, worker processes, Postgres, and the message
// landing in the simulator's channel. Everything is private and on loopback.
//
//   npm run bench:welcome -w @droas/worker -- --mode latency [--rate 200 --guilds 1000 --seconds 20]
//     Join-to-message latency at a steady rate spread over many guilds (each guild's channel well within
//     its budget), beside the raw floor measured in the same run: an empty BullMQ job's round trip plus
//     one REST message to the simulator.
//   npm run bench:welcome -w @droas/worker -- --mode raid [--joins 10000 --guilds 10 --seconds 60]
//     A raid with economy traffic going on: every member accounted for, no 429s, each channel within
//     Discord's 5 messages per 5 s, and the economy's p95 during the raid against before it.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Database, writeGreetingSettings } from '@droas/db';
import { startSimulator, type GuildRecord, type Simulator } from '@droas/discord-sim';
import {
  MIGRATE_CLI,
  metricSum,
  startGateway,
  startPrivatePostgres,
  startPrivateRedis,
  startWorker,
  type RunningWorker,
} from '@droas/testkit';
import { DEFAULT_WELCOME_SETTINGS } from '@droas/welcome';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { formatTable, median, percentile } from './benchStats.js';

const PREFIX = 'wbench';

const { values: args } = parseArgs({
  options: {
    mode: { type: 'string', default: 'latency' },
    workers: { type: 'string', default: '2' },
    rate: { type: 'string', default: '200' },
    guilds: { type: 'string' },
    seconds: { type: 'string' },
    joins: { type: 'string', default: '10000' },
    'economy-rate': { type: 'string', default: '20' },
    /** Discord's global limit for this bot (50 by default; Discord raises it for large bots on request). */
    'global-limit': { type: 'string', default: '300' },
  },
});
const mode =
  args.mode === 'raid' ? 'raid' : args.mode === 'latency' ? 'latency' : fail('--mode latency|raid');
const workerCount = positiveInt('workers', args.workers);
const guildCount = positiveInt('guilds', args.guilds ?? (mode === 'raid' ? '10' : '1000'));
const seconds = positiveInt('seconds', args.seconds ?? (mode === 'raid' ? '60' : '20'));
const rate = positiveInt('rate', args.rate);
const raidJoins = positiveInt('joins', args.joins);
const economyRate = positiveInt('economy-rate', args['economy-rate']);
const globalLimit = positiveInt('global-limit', args['global-limit']);
/** Guilds that only run economy commands during the raid, beside the raided ones. */
const ECONOMY_GUILDS = 10;

interface Stack {
  sim: Simulator;
  db: Database;
  redisUrl: string;
  workers: RunningWorker[];
}

async function main(): Promise<void> {
  const closers: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  process.once('SIGINT', () => void close().finally(() => process.exit(130)));
  const watchdog = setTimeout(
    () => {
      log('bench ran past its budget: stopping everything');
      void close().finally(() => process.exit(1));
    },
    (seconds + 600) * 1000,
  );
  watchdog.unref();
  closers.push(() => clearTimeout(watchdog));
  try {
    log(
      `mode ${mode}: starting Redis, Postgres, simulator, gateway, ${workerCount} worker(s) on ${cpus().length} CPU(s)…`,
    );
    const redis = await startPrivateRedis();
    closers.push(() => redis.close());
    const pg = await startPrivatePostgres({ migrateCli: MIGRATE_CLI });
    closers.push(() => pg.close());
    const population =
      mode === 'raid'
        ? { count: guildCount + ECONOMY_GUILDS, membersPerGuild: 100 }
        : { count: guildCount, membersPerGuild: 5 };
    const sim = await startSimulator({
      population,
      maxMessages: 200_000,
      globalRateLimitPerSec: globalLimit,
    });
    closers.push(() => sim.close());
    const gateway = await startGateway({
      discord: sim,
      redisUrl: redis.url,
      prefix: PREFIX,
      totalShards: 4,
      shardsPerCluster: 2,
    });
    closers.push(() => gateway.stop());
    const workers: RunningWorker[] = [];
    closers.push(() => Promise.all(workers.map((w) => w.stop())));
    for (let i = 0; i < workerCount; i++) {
      workers.push(
        await startWorker({
          discord: sim,
          redisUrl: redis.url,
          prefix: PREFIX,
          databaseUrl: pg.url,
          env: {
            // Latency: enough joins in flight for 200/s. The raid runs with the defaults an operator has.
            ...(mode === 'latency' && { MEMBER_EVENT_CONCURRENCY: '32' }),
            DB_POOL_MAX: '20',
            // Every replica together stays under the simulator's global limit:
            // 80% sustained and a 10% burst: any second sees at most 90% of the limit.
            DISCORD_GLOBAL_PER_SECOND: String(Math.floor(globalLimit * 0.8)),
            DISCORD_GLOBAL_BURST: String(Math.max(3, Math.floor(globalLimit * 0.1))),
            ...(process.env.WELCOME_BENCH_PROFILE && {
              NODE_OPTIONS: `--require ${process.env.WELCOME_BENCH_PROFILE}`,
            }),
          },
        }),
      );
    }
    const db = new Database({ url: pg.url, maxConnections: 4 });
    closers.push(() => db.close());
    const stack: Stack = { sim, db, redisUrl: redis.url, workers };
    if (mode === 'latency') await latency(stack);
    else await raid(stack);
  } finally {
    await close();
  }
}

/** Turns welcomes on in `guilds`, each posting in its second channel; DMs as asked. */
async function enableWelcome(stack: Stack, guilds: readonly GuildRecord[], dm: boolean): Promise<void> {
  const { blocked: _blocked, ...defaults } = DEFAULT_WELCOME_SETTINGS;
  for (const guild of guilds) {
    await writeGreetingSettings(stack.db, guild.id, 'welcome', {
      ...defaults,
      enabled: true,
      channelId: stack.sim.state.population.channelId(guild, 1),
      message: { kind: 'text', text: 'Welcome {user} to **{server}**!' },
      dm: { ...defaults.dm, enabled: dm },
    });
  }
}

/** When each member was first pinged by a message, and every message's arrival, per channel. */
function watchMessages(sim: Simulator) {
  const greetedAt = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  const announce = sim.state.announceMessage.bind(sim.state);
  sim.state.announceMessage = (record) => {
    const now = performance.now();
    for (const user of record.pings.users) if (!greetedAt.has(user)) greetedAt.set(user, now);
    const list = arrivals.get(record.message.channel_id) ?? [];
    list.push(now);
    arrivals.set(record.message.channel_id, list);
    announce(record);
  };
  return { greetedAt, arrivals };
}

async function latency(stack: Stack): Promise<void> {
  const guilds = stack.sim.state.population.guilds();
  await enableWelcome(stack, guilds, false);
  const { greetedAt } = watchMessages(stack.sim);
  const floor = await rawFloor(stack, 200);

  log('warming up: 2 s at 50 joins/s…');
  await joinAtRate(stack, guilds, 50, 2_000);
  await sleep(3_000);
  log(`measuring: ${rate} joins/s for ${seconds} s over ${guilds.length} guilds…`);
  const joinedAt = await joinAtRate(stack, guilds, rate, seconds * 1000);
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline && [...joinedAt.keys()].some((u) => !greetedAt.has(u)))
    await sleep(200);

  const missing = [...joinedAt.keys()].filter((u) => !greetedAt.has(u));
  if (missing.length > 0) {
    const rows = await stack.db.sql<{ status: string; reason: string | null; n: number }[]>`
      select status, reason, count(*)::int as n from greeting_deliveries
      where user_id = any(${missing}::bigint[]) group by 1, 2`;
    const noRow = missing.length - rows.reduce((sum, r) => sum + r.n, 0);
    log(`not greeted within 30 s: ${JSON.stringify(rows)}; without a row: ${noRow}`);
  }
  const latencies = [...joinedAt].flatMap(([user, t0]) => {
    const t1 = greetedAt.get(user);
    return t1 === undefined ? [] : [t1 - t0];
  });
  latencies.sort((a, b) => a - b);
  const stats = stack.sim.state.stats.toJSON();
  let coalesced = 0;
  for (const w of stack.workers) {
    const text = await (await fetch(`${w.opsUrl}/metrics`)).text();
    if (process.env.WELCOME_BENCH_METRICS) {
      const wanted = new RegExp(process.env.WELCOME_BENCH_METRICS);
      log(
        text
          .split('\n')
          .filter((l) => !l.startsWith('#') && wanted.test(l))
          .join('\n'),
      );
    }
    coalesced += metricSum(text, 'droas_welcome_greeted_total', { mode: 'coalesced' });
  }
  const p50 = percentile(latencies, 0.5);
  const rawMs = floor.queueMs + floor.restMs;
  const stages = await stageBreakdown(stack, [...joinedAt.keys()]);
  console.log(
    `\nJoin to welcome message, ${rate} joins/s for ${seconds} s over ${guilds.length} guilds, ` +
      `${stack.workers.length} worker(s), ${cpus().length} CPUs, Discord global limit ${globalLimit}/s\n`,
  );
  console.log(
    formatTable(
      ['', 'p50 ms', 'p95 ms', 'p99 ms', 'greeted', 'not greeted', 'coalesced', '429s'],
      [
        [
          'join → message',
          fmt(p50),
          fmt(percentile(latencies, 0.95)),
          fmt(percentile(latencies, 0.99)),
          String(latencies.length),
          String(joinedAt.size - latencies.length),
          String(coalesced),
          String(stats.rateLimited),
        ],
      ],
    ),
  );
  console.log('\nWhere the time goes (from the rows Postgres kept; wall clock):\n');
  console.log(formatTable(['stage', 'p50 ms', 'p95 ms', 'p99 ms'], stages));
  console.log(
    `\nRaw floor in this run (medians of 200): empty BullMQ job ${fmt(floor.queueMs)} ms + one REST message ` +
      `${fmt(floor.restMs)} ms = ${fmt(rawMs)} ms; join → message p50 is ${(p50 / rawMs).toFixed(1)}× that ` +
      '(the rest: the gateway socket and its enqueue, settings, the delivery row, the budget, the batch claim).',
  );
}

/** Join → gateway received it → the worker recorded the row → the message was recorded sent. */
async function stageBreakdown(stack: Stack, users: readonly string[]): Promise<string[][]> {
  const rows = await stack.db.sql<
    { user_id: string; received: number; created: number; sent: number | null }[]
  >`
    select user_id::text, extract(epoch from received_at) * 1000 as received,
      extract(epoch from created_at) * 1000 as created, extract(epoch from sent_at) * 1000 as sent
    from greeting_deliveries where user_id = any(${users}::bigint[])`;
  const stage = (name: string, values: number[]) => {
    values.sort((a, b) => a - b);
    return [name, fmt(percentile(values, 0.5)), fmt(percentile(values, 0.95)), fmt(percentile(values, 0.99))];
  };
  return [
    stage(
      'join → gateway received',
      rows.map((r) => Number(r.received) - joinedWallMs.get(r.user_id)!),
    ),
    stage(
      'received → row written',
      rows.map((r) => Number(r.created) - Number(r.received)),
    ),
    stage(
      'row written → recorded sent',
      rows.filter((r) => r.sent !== null).map((r) => Number(r.sent) - Number(r.created)),
    ),
  ];
}

/** An empty job through BullMQ on this Redis, and one message POSTed to the simulator: the path's floor. */
async function rawFloor(stack: Stack, samples: number): Promise<{ queueMs: number; restMs: number }> {
  const connection = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  const workerConnection = connection.duplicate();
  const queue = new Queue('bench-floor', { connection, prefix: PREFIX });
  const seen = new Map<string, number>();
  const worker = new Worker(
    'bench-floor',
    (job) => {
      seen.set(job.id!, performance.now());
      return Promise.resolve();
    },
    { connection: workerConnection, prefix: PREFIX, concurrency: 16 },
  );
  const queueMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const job = await queue.add('x', {}, { removeOnComplete: true });
    while (!seen.has(job.id!)) await sleep(0);
    queueMs.push(seen.get(job.id!)! - t0);
  }
  await worker.close();
  await queue.close();
  connection.disconnect();
  workerConnection.disconnect();

  const channel = stack.sim.state.population.channelId(stack.sim.state.population.guilds()[0]!, 2);
  const restMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(`${stack.sim.restUrl}/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${stack.sim.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: `floor ${i}` }),
    });
    await res.text();
    restMs.push(performance.now() - t0);
    // Within the channel's 5 per 5 s, so no sample waits on a 429.
    await sleep(1_050);
    if (i >= 9) break;
  }
  return { queueMs: median(queueMs), restMs: median(restMs) };
}

/** Wall-clock time of each join, to line it up with the times Postgres recorded. */
const joinedWallMs = new Map<string, number>();

/** Joins new accounts at `perSecond` for `ms`, round-robin over `guilds`; returns when each joined. */
async function joinAtRate(
  stack: Stack,
  guilds: readonly GuildRecord[],
  perSecond: number,
  ms: number,
): Promise<Map<string, number>> {
  const joinedAt = new Map<string, number>();
  const start = performance.now();
  let sent = 0;
  for (;;) {
    const elapsed = performance.now() - start;
    if (elapsed >= ms) break;
    const due = Math.floor((elapsed / 1000) * perSecond);
    while (sent < due) {
      const guild = guilds[sent % guilds.length]!;
      const t0 = performance.now();
      const { userId } = stack.sim.state.memberJoin(guild.id);
      joinedAt.set(userId, t0);
      joinedWallMs.set(userId, Date.now());
      sent++;
    }
    await sleep(2);
  }
  return joinedAt;
}

async function raid(stack: Stack): Promise<void> {
  const all = stack.sim.state.population.guilds();
  const raided = all.slice(0, guildCount);
  const economyGuilds = all.slice(guildCount);
  await enableWelcome(stack, raided, true);
  const { arrivals } = watchMessages(stack.sim);

  log(`economy alone: ${economyRate} commands/s for 20 s…`);
  const before = await economyTraffic(stack, economyGuilds, economyRate, 20_000);
  log(`raid: ${raidJoins} joins in ${seconds} s over ${raided.length} guilds, economy going on…`);
  const statsBefore = stack.sim.state.stats.toJSON();
  const economy = economyTraffic(stack, economyGuilds, economyRate, seconds * 1000);
  const joined = await joinAtRate(stack, raided, raidJoins / seconds, seconds * 1000);
  const during = await economy;

  log('waiting for every delivery row to be final…');
  const deadline = performance.now() + 180_000;
  let rows: { status: string; mode: string | null; dm_status: string | null; n: number }[] = [];
  while (performance.now() < deadline) {
    rows = await stack.db.sql`
      select status, mode, dm_status, count(*)::int as n from greeting_deliveries
      where kind = 'welcome' group by 1, 2, 3 order by 1, 2, 3`;
    const open = rows.filter((r) => ['queued', 'sending'].includes(r.status)).reduce((s, r) => s + r.n, 0);
    const total = rows.reduce((s, r) => s + r.n, 0);
    if (open === 0 && total >= joined.size) break;
    await sleep(1_000);
  }
  const stats = stack.sim.state.stats.toJSON();
  const total = rows.reduce((s, r) => s + r.n, 0);
  const raidChannels = new Set(raided.map((g) => stack.sim.state.population.channelId(g, 1)));
  let worstWindow = 0;
  let messages = 0;
  for (const [channel, times] of arrivals) {
    if (!raidChannels.has(channel)) continue;
    messages += times.length;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 5_000) j++;
      worstWindow = Math.max(worstWindow, i - j + 1);
    }
  }
  console.log(
    `\nRaid: ${joined.size} joins in ${seconds} s over ${raided.length} guilds, with ${economyRate} economy ` +
      `commands/s in ${economyGuilds.length} other guilds; ${stack.workers.length} worker(s), ${cpus().length} CPUs\n`,
  );
  console.log(
    formatTable(
      ['status', 'mode', 'DM', 'members'],
      rows.map((r) => [r.status, r.mode ?? '-', r.dm_status ?? '-', String(r.n)]),
    ),
  );
  const rateLimited = stats.rateLimited - statsBefore.rateLimited;
  const p95Before = percentile(before.latencies, 0.95);
  const p95During = percentile(during.latencies, 0.95);
  console.log(
    `\nmembers accounted for: ${total} of ${joined.size}\n` +
      `greeting messages: ${messages} in ${raidChannels.size} channels; most in any 5 s of one channel: ${worstWindow} (Discord allows 5)\n` +
      `429s during the raid, every scope: ${rateLimited} (${JSON.stringify(stats.rateLimitedByScope)} since start)\n` +
      `economy answer p50/p95 before: ${fmt(percentile(before.latencies, 0.5))}/${fmt(p95Before)} ms ` +
      `(${before.latencies.length} answered, ${before.unanswered} not); during: ` +
      `${fmt(percentile(during.latencies, 0.5))}/${fmt(p95During)} ms (${during.latencies.length} answered, ` +
      `${during.unanswered} not); p95 ratio ${(p95During / p95Before).toFixed(2)}×`,
  );
  const problems = [
    ...(total < joined.size ? [`${joined.size - total} members without a delivery row`] : []),
    ...(rows.some((r) => ['queued', 'sending'].includes(r.status)) ? ['greetings still waiting'] : []),
    ...(rateLimited > 0 ? [`${rateLimited} 429s`] : []),
    ...(worstWindow > 5 ? [`a channel got ${worstWindow} messages in 5 s`] : []),
    ...(p95During > 2 * p95Before ? ['economy p95 more than doubled'] : []),
  ];
  console.log(
    problems.length === 0 ? '\nresult: every check held' : `\nresult: FAILED: ${problems.join('; ')}`,
  );
  if (problems.length > 0) process.exitCode = 1;
}

/** `/balance` and `/ping` from members of `guilds` at `perSecond`; each answer's time from dispatch. */
async function economyTraffic(
  stack: Stack,
  guilds: readonly GuildRecord[],
  perSecond: number,
  ms: number,
): Promise<{ latencies: number[]; unanswered: number }> {
  const { state } = stack.sim;
  const ids: string[] = [];
  const start = performance.now();
  let sent = 0;
  while (performance.now() - start < ms) {
    const due = Math.floor(((performance.now() - start) / 1000) * perSecond);
    while (sent < due) {
      const guild = guilds[sent % guilds.length]!;
      const userId = state.population.memberIds(guild, Math.floor(sent / guilds.length) % 100, 1)[0]!;
      ids.push(
        state.dispatchInteraction({ guildId: guild.id, userId, command: sent % 2 ? 'balance' : 'ping' }).id,
      );
      sent++;
    }
    await sleep(5);
  }
  await sleep(5_000);
  const latencies: number[] = [];
  let unanswered = 0;
  for (const id of ids) {
    const t = state.ledger.get(id)?.timeline;
    const answeredAt = t?.acknowledgement?.type === 4 ? t.acknowledgement.at : t?.edits[0]?.at;
    if (t === undefined || answeredAt === undefined) unanswered++;
    else latencies.push(answeredAt - t.dispatchedAt);
  }
  latencies.sort((a, b) => a - b);
  return { latencies, unanswered };
}

function fmt(ms: number): string {
  return Number.isFinite(ms) ? ms.toFixed(ms < 10 ? 1 : 0) : '-';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function log(message: string): void {
  process.stderr.write(`[welcome-bench] ${message}\n`);
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) fail(`--${name}: expected a positive whole number, got ${value}`);
  return n;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `welcome bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
