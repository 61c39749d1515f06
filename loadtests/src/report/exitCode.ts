import { type RunSummary } from '../model.js';
import { describeThresholdOutcome } from './describeThreshold.js';
import { describeVerdict } from './runFacts.js';

/** k6's exit codes, so CI treats a breach and a broken harness differently. */
export const ExitCode = {
  passed: 0,
  /** The harness itself failed: no summary, or one that contradicts itself. */
  harnessFailed: 1,
  thresholdsBreached: 99,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The process exit code for a run: 99 when a threshold was breached, 0 when the run passed, and 1 when there is
 * no summary (the harness failed before it could write one) or the verdict says fail while every threshold
 * passed (the summary contradicts itself, which is a harness bug, not a result).
 */
export function exitCodeFor(summary: RunSummary | null | undefined): ExitCode {
  if (summary === null || summary === undefined) return ExitCode.harnessFailed;
  if (summary.thresholds.some((t) => !t.passed)) return ExitCode.thresholdsBreached;
  return summary.verdict === 'pass' ? ExitCode.passed : ExitCode.harnessFailed;
}

/**
 * Prints the verdict, then one line per breached threshold: `✗ latencyMs.p95 < 2000: actual 2,345.6 vs limit < 2000`.
 * Returns the exit code the run should end with.
 */
export function printVerdict(summary: RunSummary, stream: { write(text: string): unknown }): ExitCode {
  const code = exitCodeFor(summary);
  const verdict = summary.verdict === 'pass' ? 'PASS' : 'FAIL';
  const lines = [`${verdict} ${summary.scenario}: ${describeVerdict(summary)} (exit ${code})`];
  for (const t of summary.thresholds) {
    if (!t.passed) lines.push(`  ✗ ${t.expression}: ${describeThresholdOutcome(t)}`);
  }
  if (code === ExitCode.harnessFailed) {
    lines.push('  the verdict is fail, yet every threshold passed: the summary contradicts itself');
  }
  stream.write(`${lines.join('\n')}\n`);
  return code;
}
