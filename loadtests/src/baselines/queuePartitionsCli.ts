// `npm run loadtest -- queue-partitions [--windows N] [--window-sec S] [--rounds R] [--consumers C]
// [--concurrency K] [--out DIR]`: starts a private single Redis and a private Redis Cluster (3 primaries,
// 3 replicas; the same node settings, append-only file on), runs runQueuePartitions on them, prints the
// table and writes report.md and summary.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startPrivateRedis, startPrivateRedisCluster } from '@droas/testkit';
import { z } from 'zod';
import { REPO_ROOT } from '../run/stack.js';
import { runQueuePartitions, type QueuePartitionsResult, type VariantResult } from './queuePartitions.js';

const whole = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `--${name}: expected a positive whole number` })
    .transform(Number)
    .refine((n) => n > 0, { error: `--${name}: expected a positive whole number` });

const argsShape = z.object({
  windows: whole('windows').default(6),
  'window-sec': whole('window-sec').default(2),
  rounds: whole('rounds').default(2),
  consumers: whole('consumers').default(2),
  concurrency: whole('concurrency').default(64),
  out: z.string().optional(),
});

const USAGE =
  'usage: npm run loadtest -- queue-partitions [--windows N] [--window-sec S] [--rounds R] ' +
  '[--consumers C] [--concurrency K] [--out DIR]\n';

export async function queuePartitionsMain(argv: readonly string[]): Promise<number> {
  let args: z.infer<typeof argsShape>;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        windows: { type: 'string' },
        'window-sec': { type: 'string' },
        rounds: { type: 'string' },
        consumers: { type: 'string' },
        concurrency: { type: 'string' },
        out: { type: 'string' },
      },
    });
    args = argsShape.parse(values);
  } catch (error) {
    const message =
      error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : (error as Error).message;
    process.stderr.write(`queue-partitions: ${message}\n${USAGE}`);
    return 1;
  }
  const log = (line: string) => process.stderr.write(`[queue-partitions] ${line}\n`);
  const startedAt = new Date();
  const loadBefore = loadavg();
  const single = await startPrivateRedis({ appendOnly: true, appendFsync: 'everysec' });
  const clusterStartedAt = Date.now();
  const cluster = await startPrivateRedisCluster({ appendOnly: true }).catch(async (error: unknown) => {
    await single.close();
    throw error;
  });
  log(`single Redis on ${single.url}; cluster of 6 nodes up in ${Date.now() - clusterStartedAt} ms`);
  let result: QueuePartitionsResult;
  try {
    result = await runQueuePartitions({
      single: { url: single.url, prefix: 'droas' },
      cluster: { url: cluster.url, prefix: 'droas' },
      windows: args.windows,
      windowMs: args['window-sec'] * 1000,
      rounds: args.rounds,
      consumers: args.consumers,
      concurrency: args.concurrency,
      log,
    });
  } finally {
    await Promise.all([single.close(), cluster.close()]);
  }
  const loadAfter = loadavg();
  const markdown = renderQueuePartitions(result, {
    startedAt: startedAt.toISOString(),
    settings: `${args.rounds} rounds × ${args.windows} windows of ${args['window-sec']} s per variant, 1 producer, ${args.consumers} consumers, Worker concurrency ${args.concurrency}`,
    load: `load average ${loadBefore[0]!.toFixed(2)} before, ${loadAfter[0]!.toFixed(2)} after (1-minute)`,
  });
  process.stdout.write(`${markdown}\n`);
  const dir =
    args.out ??
    join(
      REPO_ROOT,
      'loadtests',
      'reports',
      `queue-partitions-${startedAt.toISOString().replace(/[:.]/g, '-')}`,
    );
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.md'), `${markdown}\n`);
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`reports: ${join(dir, 'report.md')}, ${join(dir, 'summary.json')}\n`);
  return result.variants.every((v) => v.exactlyOnce) ? 0 : 1;
}

/** The report: where each partition's tag lands, then one row per variant. */
export function renderQueuePartitions(
  result: QueuePartitionsResult,
  facts: { startedAt: string; settings: string; load: string },
): string {
  const placement = result.placement
    .map((p) => `| \`${p.tag}\` | ${p.slot} | ${p.primary} (${p.address}) |`)
    .join('\n');
  const rows = result.variants.map(renderRow).join('\n');
  return [
    `# Queue partitions: single Redis vs Redis Cluster`,
    '',
    `Run ${facts.startedAt} on ${result.cores} cores; ${facts.settings}; ${facts.load}. "bench CPU" is ` +
      'what the producer, consumers and Redis nodes used; "machine CPU" counts every process on the machine, ' +
      'other work included: when it is near 100% the bench had only the share it could get. "jobs waiting" is ' +
      'the backlog at the window boundaries, on average (each partition is held under 2,000): high, the ' +
      'consumers were the limit; near 0, the producer.',
    '',
    '| tag | slot | primary |',
    '| --- | ---: | --- |',
    placement,
    '',
    '| variant | jobs/s (median of windows) | windows min–max | producer CPU ms/job | consumer CPU ms/job | Redis CPU ms/job per node | total CPU ms/job | bench CPU (cores) | machine CPU | jobs waiting | vs single | every job once |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |',
    rows,
  ].join('\n');
}

function renderRow(v: VariantResult): string {
  const nodes = v.redisCpuMsPerJob.map((n) => `${n.node} ${n.cpuMsPerJob?.toFixed(3) ?? '–'}`).join(', ');
  const range =
    v.windowJobsPerSec.length === 0
      ? '–'
      : `${Math.min(...v.windowJobsPerSec)}–${Math.max(...v.windowJobsPerSec)}`;
  const once = v.exactlyOnce
    ? `yes (${v.processed})`
    : `NO: ${v.processed} of ${v.added} taken, ${v.duplicates} twice, ${v.addFailures} not added`;
  return (
    `| ${v.variant} | ${v.jobsPerSec} | ${range} | ${v.producerCpuMsPerJob ?? '–'} | ` +
    `${v.consumerCpuMsPerJob ?? '–'} | ${nodes} | ${v.totalCpuMsPerJob ?? '–'} | ${v.benchCores} | ${v.machineCpuPercent}% | ${v.meanWaiting} | ${v.ratioVsSingle ?? '–'} | ${once} |`
  );
}
