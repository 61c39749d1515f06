// The tracing machinery's own CPU cost per job, away from Redis, Postgres and the network's noise (not a
// test): each mode runs in a process of its own (tracing installs process-wide state), pushing simulated jobs
// through the worker's real job wrapper (countedJob: the span, the carrier, the outcome) with the same child
// spans a /balance makes (a command, a database query, a Discord call; their I/O replaced by a tick), and
// the gateway's span per event (start, attributes, carrier, end). Spans are exported for real, to a
// stand-in collector in the parent. CPU is process.cpuUsage() over the run; medians over rounds.
// `npm run bench:tracing-cost -w @droas/worker [-- --jobs 20000 --rounds 5]`.
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { timestampToSnowflake, type InteractionJob } from '@droas/contracts';
import {
  createLogger,
  inChildSpan,
  Metrics,
  startTracing,
  traceCarrierFrom,
  tracingOptionsFromConfig,
} from '@droas/runtime';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import type { Job } from 'bullmq';
import { countedJob } from '../src/countedJob.js';
import { describeJobOnSpan } from '../src/describeJobOnSpan.js';
import { createWorkerMetrics } from '../src/workerMetrics.js';
import { startOtlpCollector } from '../test/support/otlpCollector.js';
import { formatTable, median } from './benchStats.js';

const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '5' },
    mode: { type: 'string' },
    collector: { type: 'string' },
  },
});
const jobs = Number(args.jobs);
const rounds = Number(args.rounds);
const CONCURRENCY = 64;

const MODES = { off: undefined, '100%': 1, '10%': 0.1 } as const;
type ModeName = keyof typeof MODES;

/** One process, one mode: prints `{ workerUs, gatewayUs }` per job as JSON on stdout. */
async function child(mode: ModeName, collectorUrl: string): Promise<void> {
  const ratio = MODES[mode];
  const logger = createLogger({ name: 'bench', level: 'info' });
  const tracing = startTracing(
    ratio === undefined
      ? undefined
      : tracingOptionsFromConfig(
          {
            OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl,
            OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
            OTEL_TRACES_SAMPLER_ARG: ratio,
          },
          'bench',
        ),
    logger,
  );
  const tracer = tracing.tracer;
  const createdAtMs = Date.now();
  const base: InteractionJob = {
    kind: 'interaction',
    v: 2,
    id: timestampToSnowflake(createdAtMs),
    applicationId: timestampToSnowflake(createdAtMs - 1e9),
    token: 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OmJlbmNo',
    type: 2,
    guildId: timestampToSnowflake(createdAtMs - 2e9),
    channelId: timestampToSnowflake(createdAtMs - 3e9),
    user: { id: timestampToSnowflake(createdAtMs - 4e9), username: 'bench' },
    memberPermissions: '0',
    command: { name: 'balance', options: [] },
    locale: 'en-US',
    shardId: 0,
    receivedAtMs: createdAtMs,
    createdAtMs,
    expiresAtMs: createdAtMs + 15 * 60 * 1000,
  };
  const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

  // The gateway's share: what forwardSpan does per event, root sampling at the mode's ratio.
  const gatewayEvent = (): InteractionJob => {
    if (tracer === undefined) return base;
    const span = tracer.startSpan(
      'forward INTERACTION_CREATE',
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'bullmq',
          'discord.event': 'INTERACTION_CREATE',
          'discord.shard.id': 0,
        },
      },
      ROOT_CONTEXT,
    );
    span.setAttributes({
      'messaging.destination.name': 'interactions',
      'messaging.message.id': `ix-${base.id}`,
      'droas.job.kind': 'interaction',
      'discord.guild.id': base.guildId,
      'discord.interaction.id': base.id,
      'droas.command': 'balance',
    });
    const carrier = traceCarrierFrom(trace.setSpan(ROOT_CONTEXT, span));
    span.end();
    return carrier === undefined ? base : { ...base, trace: carrier };
  };

  const process_ = countedJob(
    'interactions',
    { metrics: createWorkerMetrics(new Metrics()), now: Date.now, logger, ...(tracer && { tracer }) },
    async () => {
      describeJobOnSpan(base);
      await inChildSpan('command balance', { 'droas.command': 'balance' }, async () => {
        await inChildSpan('db balance', { 'db.operation.name': 'balance' }, tick);
      });
      await inChildSpan(
        'discord POST /interactions/:id/:token/callback',
        { 'url.template': 'x' },
        async (span) => {
          await tick();
          span?.setAttribute('http.response.status_code', 204);
        },
      );
      return 'answered';
    },
  );

  // Events first, then jobs (carrying what the events produced), each timed on its own.
  const g0 = process.cpuUsage();
  const data = Array.from({ length: jobs }, gatewayEvent);
  const g = process.cpuUsage(g0);
  const w0 = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs) {
        const i = next++;
        await process_({
          id: `ix-${i}`,
          data: data[i],
          timestamp: Date.now(),
          attemptsMade: 0,
        } as unknown as Job);
      }
    }),
  );
  const w = process.cpuUsage(w0);
  await tracing.stop();
  process.stdout.write(
    `${JSON.stringify({ gatewayUs: (g.user + g.system) / jobs, workerUs: (w.user + w.system) / jobs })}\n`,
  );
}

async function parent(): Promise<void> {
  const collector = await startOtlpCollector();
  const results = new Map<ModeName, { gatewayUs: number[]; workerUs: number[] }>();
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const mode of Object.keys(MODES) as ModeName[]) {
        const out = await runChild(mode, collector.url);
        const entry = results.get(mode) ?? { gatewayUs: [], workerUs: [] };
        entry.gatewayUs.push(out.gatewayUs);
        entry.workerUs.push(out.workerUs);
        results.set(mode, entry);
      }
      process.stderr.write(`round ${round}/${rounds} done (load average ${loadavg()[0]!.toFixed(1)})\n`);
    }
  } finally {
    await collector.close();
  }
  const off = results.get('off')!;
  const rows = [...results].map(([mode, r]) => [
    mode === 'off' ? 'off' : `on, ${mode} sampled`,
    median(r.gatewayUs).toFixed(1),
    mode === 'off' ? '–' : `+${(median(r.gatewayUs) - median(off.gatewayUs)).toFixed(1)}`,
    median(r.workerUs).toFixed(1),
    mode === 'off' ? '–' : `+${(median(r.workerUs) - median(off.workerUs)).toFixed(1)}`,
    r.workerUs.map((v) => v.toFixed(0)).join(' '),
  ]);
  console.log(
    `\nTracing's own CPU per event and per job, µs; medians of ${rounds} round(s) of ${jobs} jobs, ` +
      `${CONCURRENCY} in flight, ${cpus().length} CPU(s), node ${process.version}; ${collector.requests.length} ` +
      'export request(s) received.\n',
  );
  console.log(
    formatTable(
      ['tracing', 'gateway µs/event', 'vs off', 'worker µs/job', 'vs off', 'worker per round'],
      rows,
    ),
  );
}

function runChild(mode: ModeName, collectorUrl: string): Promise<{ gatewayUs: number; workerUs: number }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [__filename, '--mode', mode, '--collector', collectorUrl, '--jobs', String(jobs)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.once('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code === 0) resolve(JSON.parse(last) as { gatewayUs: number; workerUs: number });
      else reject(new Error(`mode ${mode} exited with ${code}: ${out}`));
    });
  });
}

(args.mode === undefined ? parent() : child(args.mode as ModeName, args.collector ?? '')).catch(
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
