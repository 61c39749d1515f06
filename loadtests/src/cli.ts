// `npm run loadtest -- fleet …` runs the fleet (src/fleet/fleetCli.ts). Otherwise
// `npm run loadtest -- --scenario NAME [--duration S] [--users N] [--rate R] [--workers W] [--shards S]
// [--thresholds FILE] [--external] [--out DIR] [--baselines | --no-baselines] [--cpu-prof DIR] [--mix MIX]`: runs one scenario against the whole cluster and writes its
// reports. Exit codes as k6's: 0 every threshold held, 99 one was breached, 1 the harness failed.
// `npm run loadtest -- queue-partitions …` runs the queue-partitions bench instead (see its own file).
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { SCENARIOS } from '../scenarios/index.js';
import { queuePartitionsMain } from './baselines/queuePartitionsCli.js';
import type { RunOptions, RunSummary } from './model.js';
import { ExitCode, exitCodeFor, printVerdict } from './report/exitCode.js';
import { evaluateThresholds, loadThresholdsFile } from './report/thresholds.js';
import { writeReports } from './report/writeReports.js';
import { runScenario } from './run/runScenario.js';
import { ECONOMY_MIX, parseMix } from './run/scenario.js';
import { REPO_ROOT } from './run/stack.js';
import { closeStacksOnSignal } from './run/interrupt.js';
import { fleetMain } from './fleet/fleetCli.js';

const positive = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, { error: `--${name}: expected a positive whole number` })
    .transform(Number)
    .refine((n) => n > 0, { error: `--${name}: expected a positive whole number` });

const argsShape = z.object({
  scenario: z.string({ error: `--scenario: expected one of ${[...SCENARIOS.keys()].join(', ')}` }),
  duration: positive('duration').optional(),
  users: positive('users').optional(),
  rate: positive('rate').optional(),
  workers: positive('workers').optional(),
  shards: positive('shards').optional(),
  thresholds: z.string().optional(),
  external: z.boolean().optional(),
  out: z.string().optional(),
  baselines: z.boolean().optional(),
  'no-baselines': z.boolean().optional(),
  'cpu-prof': z.string().optional(),
  mix: z.string().optional(),
});

export async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'queue-partitions') return queuePartitionsMain(argv.slice(1));
  let args: z.infer<typeof argsShape>;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        scenario: { type: 'string' },
        duration: { type: 'string' },
        users: { type: 'string' },
        rate: { type: 'string' },
        workers: { type: 'string' },
        shards: { type: 'string' },
        thresholds: { type: 'string' },
        external: { type: 'boolean' },
        out: { type: 'string' },
        baselines: { type: 'boolean' },
        'no-baselines': { type: 'boolean' },
        'cpu-prof': { type: 'string' },
        mix: { type: 'string' },
      },
    });
    args = argsShape.parse(values);
  } catch (error) {
    const message =
      error instanceof z.ZodError ? error.issues.map((i) => i.message).join('; ') : (error as Error).message;
    process.stderr.write(`loadtest: ${message}\n${usage()}`);
    return ExitCode.harnessFailed;
  }
  const scenario = SCENARIOS.get(args.scenario);
  if (!scenario) {
    process.stderr.write(`loadtest: --scenario: unknown "${args.scenario}"\n${usage()}`);
    return ExitCode.harnessFailed;
  }
  const options: RunOptions = {
    scenario: scenario.name,
    durationSec: args.duration ?? scenario.defaults.durationSec,
    users: args.users ?? scenario.defaults.users,
    ratePerSec: args.rate ?? scenario.defaults.ratePerSec,
    workers: args.workers ?? scenario.defaults.workers,
    shards: args.shards ?? scenario.defaults.shards,
    external: args.external === true,
    mix: [...ECONOMY_MIX],
  };
  if (args.mix !== undefined) {
    try {
      options.mix = parseMix(args.mix);
    } catch (error) {
      process.stderr.write(`loadtest: ${(error as Error).message}\n${usage()}`);
      return ExitCode.harnessFailed;
    }
  }
  const tty = process.stderr.isTTY;
  const io = {
    log: (line: string) => process.stderr.write(`${tty ? '\r\x1b[K' : ''}[loadtest] ${line}\n`),
    progress: (line: string) => {
      if (tty) process.stderr.write(`\r\x1b[K${line}`);
    },
  };
  let summary: RunSummary;
  try {
    const thresholds = args.thresholds ? await loadThresholdsFile(args.thresholds) : scenario.thresholds;
    io.log(`${scenario.name}: ${scenario.description}`);
    io.log(`options: ${JSON.stringify(options)}`);
    summary = await runScenario(scenario, options, io, {
      baselines: (scenario.baselines === true || args.baselines === true) && !args['no-baselines'],
      ...(args['cpu-prof'] !== undefined && { cpuProfileDir: resolve(args['cpu-prof']) }),
    });
    summary.thresholds = evaluateThresholds(summary, thresholds);
    summary.verdict = summary.thresholds.every((t) => t.passed) ? 'pass' : 'fail';
  } catch (error) {
    process.stderr.write(
      `loadtest: the harness failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return ExitCode.harnessFailed;
  }
  const stamp = summary.startedAt.replace(/[:.]/g, '-');
  const dir = args.out ?? join(REPO_ROOT, 'loadtests', 'reports', `${scenario.name}-${stamp}`);
  try {
    const { files } = await writeReports(summary, dir);
    printVerdict(summary, process.stdout);
    process.stdout.write(`reports: ${files.join(', ')}\n`);
  } catch (error) {
    process.stderr.write(`loadtest: could not write the reports to ${dir}: ${String(error)}\n`);
    return ExitCode.harnessFailed;
  }
  return exitCodeFor(summary);
}

function usage(): string {
  return (
    'usage: npm run loadtest -- --scenario NAME [--duration S] [--users N] [--rate R] [--workers W] ' +
    '[--shards S] [--thresholds FILE] [--out DIR] [--baselines | --no-baselines] [--cpu-prof DIR] [--mix balance=60,pay=25,daily=10,leaderboard=5 | pay]\n' +
    '       npm run loadtest -- queue-partitions [--windows N] [--window-sec S] [--rounds R] [--consumers C] ' +
    '[--concurrency K] [--out DIR]\nscenarios:\n' +
    [...SCENARIOS.values()].map((s) => `  ${s.name.padEnd(12)} ${s.description}\n`).join('')
  );
}

if (require.main === module) {
  closeStacksOnSignal((line) => process.stderr.write(`[loadtest] ${line}`));
  const argv = process.argv.slice(2);
  // `npm run loadtest -- fleet …`: the sharded fleet on this machine (src/fleet), not a scenario.
  (argv[0] === 'fleet' ? fleetMain(argv.slice(1)) : main(argv)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`loadtest: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
