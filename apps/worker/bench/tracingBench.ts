// What tracing costs the worker (not a test): one worker replica per mode (tracing off; on with every trace
// kept, a tenth kept, none kept), each on its own queue, all started together; `/balance` jobs at a fixed
// rate through each in turn, round after round, and the worker's CPU time (user + system, from /proc) per
// answered job. Traced jobs carry a trace context as a tracing gateway would, sampled at the mode's ratio,
// and spans go to a stand-in collector over OTLP/HTTP JSON. Prints medians over rounds.
// `npm run bench:tracing -w @droas/worker [-- --rate 100 --seconds 5 --rounds 5]`.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { QUEUE_NAMES, type TraceCarrier } from '@droas/contracts';
import { Database } from '@droas/db';
import { startSimulator } from '@droas/discord-sim';
import {
  MIGRATE_CLI,
  seededRandom,
  startPrivatePostgres,
  startPrivateRedis,
  startWorker,
  type RunningWorker,
} from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startOtlpCollector } from '../test/support/otlpCollector.js';
import { log, positiveInt, runBench } from './benchCli.js';
import { formatTable, median, summarize } from './benchStats.js';
import { runAtRate } from './loadShapes.js';
import { PipelineLoad } from './pipelineLoad.js';
import { seedGuild } from './seedGuild.js';

const MEMBERS = 1_000;

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '5' },
  },
});
const rate = positiveInt('rate', args.rate);
const runMs = positiveInt('seconds', args.seconds) * 1000;
const rounds = positiveInt('rounds', args.rounds);

interface Mode {
  label: string;
  /** Share of traces kept; undefined: tracing off. */
  ratio: number | undefined;
}

interface Subject {
  mode: Mode;
  worker: RunningWorker;
  load: PipelineLoad;
  cpuMsPerJob: number[];
  p50Ms: number[];
}

const MODES: readonly Mode[] = [
  { label: 'off', ratio: undefined },
  { label: 'on, 100% sampled', ratio: 1 },
  { label: 'on, 10% sampled', ratio: 0.1 },
  // Spans made but none kept or exported: what being on costs apart from recording and export.
  { label: 'on, none sampled', ratio: 0 },
];

async function main(): Promise<void> {
  const closers: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c();
  };
  process.once('SIGINT', () => void close().finally(() => process.exit(130)));
  const budgetMs = 120_000 + rounds * MODES.length * (runMs + 15_000);
  const watchdog = setTimeout(() => {
    log(`bench ran past its ${Math.round(budgetMs / 1000)} s budget: stopping everything`);
    void close().finally(() => process.exit(1));
  }, budgetMs);
  watchdog.unref();
  closers.push(() => clearTimeout(watchdog));
  try {
    log(`starting Redis, Postgres, simulator, a stand-in collector and ${MODES.length} workers…`);
    const redisServer = await startPrivateRedis();
    closers.push(() => redisServer.close());
    const pg = await startPrivatePostgres({ migrateCli: MIGRATE_CLI });
    closers.push(() => pg.close());
    const sim = await startSimulator({ population: { count: 1, membersPerGuild: MEMBERS } });
    closers.push(() => sim.close());
    const collector = await startOtlpCollector();
    closers.push(() => collector.close());
    const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
    closers.push(() => redis.disconnect());
    const db = new Database({ url: pg.url, maxConnections: 2 });
    closers.push(() => db.close());
    const [guild] = sim.state.population.guilds();
    const members = sim.state.population.memberIds(guild!, 0, MEMBERS);
    await seedGuild(db, guild!.id, members);

    const workers: RunningWorker[] = [];
    closers.push(() => Promise.all(workers.map((w) => w.stop())));
    const subjects: Subject[] = [];
    for (const [i, mode] of MODES.entries()) {
      const prefix = `bench${i}`;
      const worker = await startWorker({
        discord: sim,
        redisUrl: redisServer.url,
        prefix,
        databaseUrl: pg.url,
        env: {
          GUILD_COMMAND_BURST: '100000',
          GUILD_COMMANDS_PER_SECOND: '100000',
          USER_COMMANDS_PER_SECOND: '1000',
          ...(mode.ratio !== undefined && {
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
            OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
            OTEL_TRACES_SAMPLER_ARG: String(mode.ratio),
          }),
        },
      });
      workers.push(worker);
      const queue = new Queue(QUEUE_NAMES.interactions, { connection: redis, prefix });
      closers.push(() => queue.close());
      const carrier = mode.ratio === undefined ? undefined : gatewayCarrier(mode.ratio, seededRandom(7 + i));
      const load = new PipelineLoad(sim, queue, guild!.id, members, seededRandom(1 + i), carrier);
      closers.push(() => load.close());
      subjects.push({ mode, worker, load, cpuMsPerJob: [], p50Ms: [] });
    }

    log('warming up (caches, connections, JIT)…');
    for (const s of subjects) await runAtRate(rate, 2_000, s.load.balance);

    for (let round = 1; round <= rounds; round++) {
      // Interleaved, so drift on a shared machine touches every mode alike.
      for (const s of subjects) {
        const pid = s.worker.process.child.pid!;
        const before = cpuTimeMs(pid);
        const result = await runAtRate(rate, runMs, s.load.balance);
        const used = cpuTimeMs(pid) - before;
        s.cpuMsPerJob.push(used / Math.max(1, result.latenciesMs.length));
        s.p50Ms.push(summarize(result).p50Ms);
        if (result.failed > 0) log(`  ${s.mode.label}: ${result.failed} job(s) unanswered`);
      }
      log(`round ${round}/${rounds} done (load average ${loadavg()[0]!.toFixed(1)})`);
    }

    const off = median(subjects[0]!.cpuMsPerJob);
    const rows = subjects.map((s) => {
      const cpu = median(s.cpuMsPerJob);
      return [
        s.mode.label,
        cpu.toFixed(3),
        s === subjects[0] ? '–' : `${(((cpu - off) / off) * 100).toFixed(1)}%`,
        s.cpuMsPerJob.map((v) => v.toFixed(3)).join(' '),
        median(s.p50Ms).toFixed(1),
      ];
    });
    console.log(
      `\nWorker CPU per /balance job, tracing off and on; medians of ${rounds} round(s) of ${rate}/s for ` +
        `${runMs / 1000} s, ${cpus().length} CPU(s), node ${process.version}. CPU is the worker process's user + ` +
        'system time (all threads) over the round, divided by the jobs answered in it. Spans exported to a ' +
        `stand-in collector: ${collector.requests.length} request(s).\n`,
    );
    console.log(formatTable(['tracing', 'CPU ms/job', 'vs off', 'per round', 'answer p50 ms'], rows));
  } finally {
    await close();
  }
}

/** A tracing gateway's carriers: a new trace per event, flagged sampled for `ratio` of them. */
function gatewayCarrier(ratio: number, random: () => number): () => TraceCarrier {
  return () => {
    const flags = random() < ratio ? '01' : '00';
    return {
      traceparent: `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-${flags}`,
    };
  };
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU time of a process so far, every thread, in ms (fields 14 and 15 of /proc/<pid>/stat). */
function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

runBench('bench', main);
