// `npm run loadtest:ci`: short profiles of economy-mix, ramp, raid and chaos, one after another, each with
// its CI thresholds (loadtests/thresholds/ci-*.json), reports under loadtests/reports/ci-<time>/. Exits 1 if
// the harness failed on any, else 99 if any threshold was breached, else 0.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { main } from './cli.js';
import { ExitCode } from './report/exitCode.js';
import { closeStacksOnSignal } from './run/interrupt.js';
import { REPO_ROOT } from './run/stack.js';

/** The CI profiles: what each runs, chosen to finish all four in under 8 minutes on a 2-core machine. */
export const CI_PROFILES: readonly { scenario: string; args: string[] }[] = [
  { scenario: 'economy-mix', args: ['--users', '1000', '--duration', '40'] },
  { scenario: 'ramp', args: ['--rate', '100', '--duration', '60', '--no-baselines'] },
  { scenario: 'raid', args: ['--users', '2000', '--duration', '20', '--rate', '10'] },
  { scenario: 'chaos', args: ['--duration', '50', '--rate', '40'] },
];

async function ci(): Promise<number> {
  const root = join(
    REPO_ROOT,
    'loadtests',
    'reports',
    `ci-${new Date().toISOString().replace(/[:.]/g, '-')}`,
  );
  const codes: number[] = [];
  const started = Date.now();
  for (const profile of CI_PROFILES) {
    const thresholds = join(REPO_ROOT, 'loadtests', 'thresholds', `ci-${profile.scenario}.json`);
    const code = await main([
      '--scenario',
      profile.scenario,
      ...profile.args,
      ...(existsSync(thresholds) ? ['--thresholds', thresholds] : []),
      '--out',
      join(root, profile.scenario),
    ]);
    process.stdout.write(`[loadtest:ci] ${profile.scenario}: exit ${code}\n`);
    codes.push(code);
  }
  process.stdout.write(
    `[loadtest:ci] ${CI_PROFILES.length} profiles in ${((Date.now() - started) / 1000).toFixed(0)} s; reports in ${root}\n`,
  );
  if (codes.includes(ExitCode.harnessFailed)) return ExitCode.harnessFailed;
  if (codes.includes(ExitCode.thresholdsBreached)) return ExitCode.thresholdsBreached;
  return ExitCode.passed;
}

closeStacksOnSignal((line) => process.stderr.write(`[loadtest:ci] ${line}`));
ci().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`loadtest:ci: ${String(error)}\n`);
    process.exit(1);
  },
);
