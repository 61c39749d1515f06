// Benchmark of the economy through the real worker (not a test): `/balance` and `/pay` jobs put straight on
// the interactions queue at fixed rates and in a burst, answered by real worker processes into the
// simulator, beside the same SQL sent straight to Postgres in the same run (the raw limit). Everything is
// private and on loopback: its own Redis, Postgres (fsync off, as in tests) and simulator. Prints medians
// over rounds. `npm run bench -w @droas/worker [-- --workers 1 --rates 50,150,300 --seconds 3 --rounds 3]`.
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { QUEUE_NAMES } from '@droas/contracts';
import { Database } from '@droas/db';
import { startSimulator } from '@droas/discord-sim';
import {
  MIGRATE_CLI,
  scrapeMetric,
  seededRandom,
  startPrivatePostgres,
  startPrivateRedis,
  startWorker,
  type RunningWorker,
} from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { log, positiveInt, runBench } from './benchCli.js';
import { formatTable, medianOfRuns, summarize, type RunSummary } from './benchStats.js';
import { runAtRate, runBurst, type Operation } from './loadShapes.js';
import { PipelineLoad } from './pipelineLoad.js';
import { RawLoad } from './rawLoad.js';
import { seedGuild } from './seedGuild.js';

const MEMBERS = 1_000;
const PREFIX = 'bench';
const DB_POOL = 10;

const { values: args } = parseArgs({
  options: {
    workers: { type: 'string', default: '1' },
    rates: { type: 'string', default: '50,150,300' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    burst: { type: 'string', default: '600' },
  },
});
const workerCount = positiveInt('workers', args.workers);
const rates = args.rates.split(',').map((r) => positiveInt('rates', r));
const runMs = positiveInt('seconds', args.seconds) * 1000;
const rounds = positiveInt('rounds', args.rounds);
const burst = positiveInt('burst', args.burst);

async function main(): Promise<void> {
  const closers: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  process.once('SIGINT', () => void close().finally(() => process.exit(130)));
  // Bounded: whatever hangs (a server that did not start, a queue that never drains), it all stops.
  const budgetMs = 120_000 + rounds * 2 * (rates.length * (runMs + 12_000) + 15_000);
  const watchdog = setTimeout(() => {
    log(`bench ran past its ${Math.round(budgetMs / 1000)} s budget: stopping everything`);
    void close().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();
  closers.push(() => clearTimeout(watchdog));
  try {
    log(`starting Redis, Postgres, simulator and ${workerCount} worker(s) on ${cpus().length} CPU(s)…`);
    const redisServer = await startPrivateRedis();
    closers.push(() => redisServer.close());
    const pg = await startPrivatePostgres({ migrateCli: MIGRATE_CLI });
    closers.push(() => pg.close());
    const sim = await startSimulator({ population: { count: 2, membersPerGuild: MEMBERS } });
    closers.push(() => sim.close());
    const workers: RunningWorker[] = [];
    closers.push(() => Promise.all(workers.map((w) => w.stop())));
    for (let i = 0; i < workerCount; i++) {
      workers.push(
        await startWorker({
          discord: sim,
          redisUrl: redisServer.url,
          prefix: PREFIX,
          databaseUrl: pg.url,
          // One busy guild: lift the per-guild and per-member limits, which are not what is measured here.
          env: {
            DB_POOL_MAX: String(DB_POOL),
            GUILD_COMMAND_BURST: '100000',
            GUILD_COMMANDS_PER_SECOND: '100000',
            USER_COMMANDS_PER_SECOND: '1000',
          },
        }),
      );
    }
    const db = new Database({ url: pg.url, maxConnections: DB_POOL });
    closers.push(() => db.close());
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    closers.push(() => redis.disconnect());
    const queue = new Queue(QUEUE_NAMES.interactions, { connection: redis, prefix: PREFIX });
    closers.push(() => queue.close());

    const [viaWorker, direct] = sim.state.population.guilds();
    const membersOf = (g: typeof viaWorker) => sim.state.population.memberIds(g!, 0, MEMBERS);
    await seedGuild(db, viaWorker!.id, membersOf(viaWorker));
    const settings = await seedGuild(db, direct!.id, membersOf(direct));
    const pipeline = new PipelineLoad(sim, queue, viaWorker!.id, membersOf(viaWorker), seededRandom(1));
    closers.push(() => pipeline.close());
    const raw = new RawLoad(db, direct!.id, membersOf(direct), settings, seededRandom(2));

    log('warming up (caches, connections, JIT)…');
    for (const op of [pipeline.balance, pipeline.pay, raw.balance, raw.pay]) await runAtRate(100, 2_000, op);

    const shapes = [
      ...rates.map((rate) => ({ label: `${rate}/s`, run: (op: Operation) => runAtRate(rate, runMs, op) })),
      { label: `burst ${burst}`, run: (op: Operation) => runBurst(burst, op) },
    ];
    const results = new Map<string, { pipeline: RunSummary[]; raw: RunSummary[] }>();
    for (let round = 1; round <= rounds; round++) {
      for (const command of ['balance', 'pay'] as const) {
        for (const shape of shapes) {
          const key = `/${command} ${shape.label}`;
          const entry = results.get(key) ?? { pipeline: [], raw: [] };
          results.set(key, entry);
          // Interleaved, so drift on this noisy machine touches both sides alike.
          entry.pipeline.push(summarize(await shape.run(pipeline[command])));
          entry.raw.push(summarize(await shape.run(raw[command])));
          log(`round ${round}/${rounds} ${key} done`);
        }
      }
    }

    const hits = await sumOver(workers, 'droas_economy_cache_requests_total', {
      cache: 'balance',
      result: 'hit',
    });
    const misses = await sumOver(workers, 'droas_economy_cache_requests_total', {
      cache: 'balance',
      result: 'miss',
    });
    printReport(results, { hitRate: hits / Math.max(1, hits + misses) });
  } finally {
    await close();
  }
}

function printReport(
  results: Map<string, { pipeline: RunSummary[]; raw: RunSummary[] }>,
  extra: { hitRate: number },
): void {
  const ms = (n: number) => (Number.isNaN(n) ? '–' : n.toFixed(1));
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');
  const rows = [...results].map(([key, r]) => {
    const p = medianOfRuns(r.pipeline);
    const d = medianOfRuns(r.raw);
    return [
      key,
      ms(p.p50Ms),
      ms(p.p95Ms),
      ms(p.p99Ms),
      p.throughputPerSec.toFixed(0),
      `${p.failed}/${d.failed}`,
      ms(d.p50Ms),
      ms(d.p95Ms),
      ms(d.p99Ms),
      d.throughputPerSec.toFixed(0),
      ratio(p.p50Ms, d.p50Ms),
      ratio(p.p99Ms, d.p99Ms),
      ratio(d.throughputPerSec, p.throughputPerSec),
    ];
  });
  const headers = ['load', 'worker p50', 'p95', 'p99', 'done/s', 'lost w/raw', 'raw p50', 'p95', 'p99'];
  console.log(
    `\nEconomy through the worker vs the same SQL straight on Postgres; medians of ${rounds} round(s), ` +
      `${workerCount} worker(s), pool ${DB_POOL}, ${cpus().length} CPU(s), node ${process.version}.\n` +
      'Worker: enqueue → answer accepted by the simulator. Raw: call → result, from this process. Latencies\n' +
      'in ms; done/s is what completed per second; ratios are latency worker / raw and throughput raw / worker.\n',
  );
  console.log(formatTable([...headers, 'done/s', 'p50 ×', 'p99 ×', 'done/s ×'], rows));
  console.log(`\n/balance served from the Redis cache: ${(extra.hitRate * 100).toFixed(1)}% of lookups.`);
}

async function sumOver(workers: RunningWorker[], name: string, labels: Record<string, string>) {
  let sum = 0;
  for (const w of workers) sum += await scrapeMetric(w.opsUrl, name, labels);
  return sum;
}

runBench('bench', main);
