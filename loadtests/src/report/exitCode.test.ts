import { ExitCode, exitCodeFor, printVerdict } from './exitCode';
import { buildFixtureSummary } from './fixture';

function captured() {
  const chunks: string[] = [];
  return { stream: { write: (text: string) => chunks.push(text) }, text: () => chunks.join('') };
}

describe('exitCodeFor', () => {
  it('is 0 when every threshold passed, 99 when one was breached, as k6 does', () => {
    expect(exitCodeFor(buildFixtureSummary({ thresholds: ['totals.sent > 0'] }))).toBe(0);
    expect(exitCodeFor(buildFixtureSummary())).toBe(99);
    expect(ExitCode).toEqual({ passed: 0, harnessFailed: 1, thresholdsBreached: 99 });
  });

  it('is 1 when the harness produced no summary, or one that contradicts itself', () => {
    expect(exitCodeFor(undefined)).toBe(1);
    expect(exitCodeFor(null)).toBe(1);
    const contradictory = { ...buildFixtureSummary({ thresholds: [] }), verdict: 'fail' as const };
    expect(exitCodeFor(contradictory)).toBe(1);
  });

  it('trusts the thresholds over a verdict that says pass', () => {
    expect(exitCodeFor({ ...buildFixtureSummary(), verdict: 'pass' })).toBe(99);
  });
});

describe('printVerdict', () => {
  it('prints one line per breached threshold, with actual against limit, and returns the exit code', () => {
    const out = captured();
    const summary = buildFixtureSummary({
      thresholds: [
        'latencyMs.p95 < 2000',
        'commands.balance.latencyMs.p99 <= 500',
        'commands.nope.failed == 0',
      ],
    });
    expect(printVerdict(summary, out.stream)).toBe(99);
    expect(out.text()).toBe(
      'FAIL ramp: 2 of 3 thresholds breached (exit 99)\n' +
        '  ✗ commands.balance.latencyMs.p99 <= 500: actual 860.83 vs limit <= 500\n' +
        '  ✗ commands.nope.failed == 0: not measured (the run has no commands.nope.failed) vs limit == 0\n',
    );
  });

  it('prints a single line for a pass', () => {
    const out = captured();
    expect(printVerdict(buildFixtureSummary({ thresholds: ['totals.sent > 0'] }), out.stream)).toBe(0);
    expect(out.text()).toBe('PASS ramp: all 1 thresholds passed (exit 0)\n');
  });

  it('explains a fail verdict with no breached threshold', () => {
    const out = captured();
    const summary = { ...buildFixtureSummary({ thresholds: [] }), verdict: 'fail' as const };
    expect(printVerdict(summary, out.stream)).toBe(1);
    expect(out.text()).toContain('the verdict is fail, yet every threshold passed');
  });
});
