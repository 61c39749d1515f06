// `npm run loadtest -- fleet [--guilds N] [--shards N] [--max-concurrency N] [--hosts N] [--shards-per-cluster N]
// [--queue-partitions N] [--start-rate R] [--max-rate R] [--step S] [--warmup S] [--redis-cluster] [--out DIR]`: the sharded fleet on this
// machine. Exit codes: 0 nothing wrong, 99 a check failed (a shard not ready, a join lost, misplaced or out of
// order), 1 the harness failed.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ExitCode } from '../report/exitCode.js';
import { REPO_ROOT } from '../run/stack.js';
import { DefaultFleetOptions, type FleetOptions } from './fleetOptions.js';
import { fleetPassed, formatFleetReport } from './formatFleetReport.js';
import { runFleet } from './runFleet.js';

const FLAGS = {
  guilds: 'guilds',
  shards: 'shards',
  'max-concurrency': 'maxConcurrency',
  hosts: 'hosts',
  'shards-per-cluster': 'shardsPerCluster',
  'queue-partitions': 'queuePartitions',
  'start-rate': 'startRatePerSec',
  'max-rate': 'maxRatePerSec',
  step: 'stepSec',
  warmup: 'warmupSec',
} as const satisfies Record<string, keyof FleetOptions>;

const wholeNumber = (flag: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `--${flag}: expected a positive whole number` })
    .transform(Number)
    .refine((v) => v > 0, { error: `--${flag}: expected a positive whole number` });

export async function fleetMain(argv: readonly string[]): Promise<number> {
  let options: FleetOptions;
  let out: string | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])),
        out: { type: 'string' },
        'redis-cluster': { type: 'boolean' },
      },
    });
    options = { ...DefaultFleetOptions };
    for (const [flag, key] of Object.entries(FLAGS)) {
      const raw = (values as Record<string, string | undefined>)[flag];
      if (typeof raw === 'string') options[key] = wholeNumber(flag).parse(raw);
    }
    if (options.warmupSec >= options.stepSec)
      throw new RangeError(`--step: expected more than the ${options.warmupSec} s warm-up`);
    options.redisCluster = values['redis-cluster'] === true;
    out = typeof values.out === 'string' ? values.out : undefined;
  } catch (error) {
    const message =
      error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : (error as Error).message;
    process.stderr.write(`loadtest fleet: ${message}\n${usage()}`);
    return ExitCode.harnessFailed;
  }
  const log = (line: string) => process.stderr.write(`[fleet] ${line}\n`);
  try {
    log(`options: ${JSON.stringify(options)}`);
    const report = await runFleet(options, log);
    const dir =
      out ?? join(REPO_ROOT, 'loadtests', 'reports', `fleet-${report.startedAt.replace(/[:.]/g, '-')}`);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'fleet.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(formatFleetReport(report));
    process.stdout.write(`report: ${join(dir, 'fleet.json')}\n`);
    return fleetPassed(report) ? ExitCode.passed : ExitCode.thresholdsBreached;
  } catch (error) {
    process.stderr.write(
      `loadtest fleet: the harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.harnessFailed;
  }
}

function usage(): string {
  return (
    'usage: npm run loadtest -- fleet [--guilds N] [--shards N] [--max-concurrency N] [--hosts N] ' +
    '[--shards-per-cluster N] [--queue-partitions N] [--start-rate R] [--max-rate R] [--step S] [--warmup S] ' +
    '[--redis-cluster] [--out DIR]\n'
  );
}
