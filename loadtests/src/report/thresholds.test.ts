import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureSummary } from './fixture';
import {
  ThresholdSyntaxError,
  ThresholdsFileError,
  evaluateThresholds,
  loadThresholdsFile,
  parseThreshold,
  resolveMetric,
} from './thresholds';

function thrownBy(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw, and nothing was thrown');
}

describe('parseThreshold', () => {
  it.each([
    ['latencyMs.p95 < 2000', 'latencyMs.p95', '<', 2000],
    ['commands.balance.latencyMs.p99 <= 500', 'commands.balance.latencyMs.p99', '<=', 500],
    ['totals.successRate >= 0.995', 'totals.successRate', '>=', 0.995],
    ['failures.doubleAcknowledgements == 0', 'failures.doubleAcknowledgements', '==', 0],
    ['scenarioResults.knee.ratePerSec >= 300', 'scenarioResults.knee.ratePerSec', '>=', 300],
    ['totals.achievedPerSec > 1_000', 'totals.achievedPerSec', '>', 1000],
    ['  latencyMs.max<=1_500.5  ', 'latencyMs.max', '<=', 1500.5],
    ['commands.daily-claim.failed == -0', 'commands.daily-claim.failed', '==', -0],
    ['latencyMs.p99 < 2e3', 'latencyMs.p99', '<', 2000],
  ])('reads %j', (expression, metric, op, limit) => {
    expect(parseThreshold(expression)).toEqual({ expression, metric, op, limit });
  });

  it.each([
    [
      '',
      'threshold "": expected "<metric> <operator> <number>", e.g. "latencyMs.p95 < 2000", got an empty string',
    ],
    [
      '< 2000',
      'threshold "< 2000": expected a metric path before the operator, as in "<metric> <operator> <number>", ' +
        'e.g. "latencyMs.p95 < 2000"',
    ],
    [
      'latencyMs.p95 = 2000',
      'threshold "latencyMs.p95 = 2000": expected an operator (<, <=, >, >=, ==) after the metric "latencyMs.p95" ' +
        '(equality is ==), got "="',
    ],
    [
      'latencyMs.p95 => 2000',
      'threshold "latencyMs.p95 => 2000": expected an operator (<, <=, >, >=, ==) after the metric ' +
        '"latencyMs.p95" (the = comes second: >=), got "=>"',
    ],
    [
      'latencyMs.p95 != 2000',
      'threshold "latencyMs.p95 != 2000": expected an operator (<, <=, >, >=, ==) after the metric ' +
        '"latencyMs.p95", got "!="',
    ],
    [
      'latencyMs p95 < 2000',
      'threshold "latencyMs p95 < 2000": expected an operator (<, <=, >, >=, ==) after the metric "latencyMs", ' +
        'got "p95"',
    ],
    [
      'latencyMs.p95',
      'threshold "latencyMs.p95": expected an operator (<, <=, >, >=, ==) after the metric "latencyMs.p95", ' +
        'got nothing',
    ],
    [
      'latencyMs.p95 <',
      'threshold "latencyMs.p95 <": expected a number after "<" (digits with optional _ separators, e.g. 2000, ' +
        '2_000 or 0.995), got nothing',
    ],
    [
      'latencyMs.p95 < 2s',
      'threshold "latencyMs.p95 < 2s": expected a number after "<" (digits with optional _ separators, e.g. 2000, ' +
        '2_000 or 0.995), got "2s"',
    ],
    [
      'latencyMs.p95 < 2__000',
      'threshold "latencyMs.p95 < 2__000": expected a number after "<" (digits with optional _ separators, e.g. ' +
        '2000, 2_000 or 0.995), got "2__000"',
    ],
    [
      'latencyMs.p95 < 1 < 2',
      'threshold "latencyMs.p95 < 1 < 2": expected a number after "<" (digits with optional _ separators, e.g. ' +
        '2000, 2_000 or 0.995), got "1 < 2"',
    ],
    [
      'latencyMs.p95 < 1e999',
      'threshold "latencyMs.p95 < 1e999": expected a finite number after "<", got "1e999"',
    ],
    [
      'latencyMs..p95 < 2000',
      'threshold "latencyMs..p95 < 2000": the metric "latencyMs..p95" has an empty part; expected names joined by ' +
        'single dots, e.g. "commands.balance.latencyMs.p99"',
    ],
    [
      'latencyMs[0] < 2000',
      'threshold "latencyMs[0] < 2000": the metric part "latencyMs[0]" has a character other than letters, ' +
        'digits, _, $ or -; e.g. "commands.balance.latencyMs.p99"',
    ],
  ])('rejects %j, saying what is wrong and what was expected', (expression, message) => {
    const error = thrownBy(() => parseThreshold(expression));
    expect(error).toBeInstanceOf(ThresholdSyntaxError);
    expect(error.message).toBe(message);
    expect((error as ThresholdSyntaxError).expression).toBe(expression);
  });
});

describe('resolveMetric', () => {
  const summary = buildFixtureSummary();

  it('walks own properties, array indexes included', () => {
    expect(resolveMetric(summary, 'latencyMs.p95')).toBe(summary.latencyMs.p95);
    expect(resolveMetric(summary, 'processes.1.cpuSeconds')).toBe(summary.processes[1]!.cpuSeconds);
  });

  it('gives null for a missing path, a non-number, an inherited property and a non-finite number', () => {
    expect(resolveMetric(summary, 'latencyMs.p42')).toBeNull();
    expect(resolveMetric(summary, 'commands.nope.latencyMs.p99')).toBeNull();
    expect(resolveMetric(summary, 'latencyMs')).toBeNull();
    expect(resolveMetric(summary, 'scenario')).toBeNull();
    expect(resolveMetric(summary, 'scenario.length')).toBeNull();
    expect(resolveMetric(summary, 'latencyMs.constructor')).toBeNull();
    expect(resolveMetric({ a: Number.NaN }, 'a')).toBeNull();
  });
});

describe('evaluateThresholds', () => {
  const summary = buildFixtureSummary();

  it('compares each metric with its limit, in order', () => {
    const results = evaluateThresholds(summary, [
      `latencyMs.p95 < ${summary.latencyMs.p95}`,
      `latencyMs.p95 <= ${summary.latencyMs.p95}`,
      `latencyMs.p95 > ${summary.latencyMs.p95}`,
      `latencyMs.p95 >= ${summary.latencyMs.p95}`,
      `failures.doubleAcknowledgements == 0`,
    ]);
    expect(results.map((r) => r.passed)).toEqual([false, true, false, true, true]);
    expect(results[0]).toEqual({
      expression: `latencyMs.p95 < ${summary.latencyMs.p95}`,
      metric: 'latencyMs.p95',
      op: '<',
      limit: summary.latencyMs.p95,
      actual: summary.latencyMs.p95,
      passed: false,
    });
  });

  it('fails a threshold whose metric the run did not produce, with actual null', () => {
    // A typo in a metric must not read as a pass: nothing was measured, so nothing was proven.
    const [result] = evaluateThresholds(summary, ['commands.balanse.latencyMs.p99 < 500']);
    expect(result).toMatchObject({ actual: null, passed: false });
    const [notNumber] = evaluateThresholds(summary, ['scenarioResults.knee.reason == 0']);
    expect(notNumber).toMatchObject({ actual: null, passed: false });
  });

  it('takes thresholds already parsed, and throws on one that cannot be read', () => {
    const parsed = parseThreshold('totals.sent > 0');
    expect(evaluateThresholds(summary, [parsed])[0]).toMatchObject({
      passed: true,
      actual: summary.totals.sent,
    });
    expect(() => evaluateThresholds(summary, ['totals.sent >> 0'])).toThrow(ThresholdSyntaxError);
  });
});

describe('loadThresholdsFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'droas-thresholds-'));
  });
  const write = async (name: string, content: string) => {
    const file = path.join(dir, name);
    await writeFile(file, content);
    return file;
  };

  it('reads and parses every expression', async () => {
    const file = await write(
      'good.json',
      JSON.stringify({ thresholds: ['latencyMs.p95 < 2_000', 'totals.sent > 0'] }),
    );
    await expect(loadThresholdsFile(file)).resolves.toEqual([
      { expression: 'latencyMs.p95 < 2_000', metric: 'latencyMs.p95', op: '<', limit: 2000 },
      { expression: 'totals.sent > 0', metric: 'totals.sent', op: '>', limit: 0 },
    ]);
  });

  it.each([
    ['not-json.json', '{ thresholds: [', /not-json\.json: expected JSON \(/],
    ['array.json', '["latencyMs.p95 < 1"]', /array\.json: expected an object \{"thresholds": \["…", …\]\}$/],
    ['missing.json', '{}', /missing\.json: thresholds: expected an array of threshold strings$/],
    ['extra.json', '{"thresholds": [], "threshold": []}', /extra\.json: unexpected threshold$/],
    [
      'not-string.json',
      '{"thresholds": ["latencyMs.p95 < 1", 5]}',
      /not-string\.json: thresholds\[1\]: expected a string such as "latencyMs\.p95 < 2000"$/,
    ],
    [
      'bad-expression.json',
      '{"thresholds": ["latencyMs.p95 < 1", "latencyMs.p95 = 1"]}',
      /bad-expression\.json: thresholds\[1\]: threshold "latencyMs\.p95 = 1": expected an operator/,
    ],
  ])('names the file and the entry: %s', async (name, content, message) => {
    const file = await write(name, content);
    const error = await loadThresholdsFile(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThresholdsFileError);
    expect((error as ThresholdsFileError).file).toBe(file);
    expect((error as Error).message.startsWith(file)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('says when the file cannot be read', async () => {
    const file = path.join(dir, 'absent.json');
    await expect(loadThresholdsFile(file)).rejects.toThrow(`${file}: cannot read it (ENOENT`);
  });
});
