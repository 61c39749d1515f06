import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type RunSummary, type ThresholdResult } from '../model.js';

/** A threshold as written, e.g. `latencyMs.p95 < 2000`, taken apart. */
export type Threshold = Pick<ThresholdResult, 'expression' | 'metric' | 'op' | 'limit'>;

type Op = Threshold['op'];

/** Longest first, so `<=` is not read as `<` followed by `=`. */
const OPS: readonly Op[] = ['<=', '>=', '==', '<', '>'];
const OPS_TEXT = '<, <=, >, >=, ==';
const GRAMMAR = '"<metric> <operator> <number>", e.g. "latencyMs.p95 < 2000"';
const METRIC_PART = /^[A-Za-z0-9_$-]+$/;
// Digits with optional `_` between them (2_000), an optional fraction and exponent.
const NUMBER = /^[+-]?\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?(?:[eE][+-]?\d+)?$/;

/**
 * A threshold that cannot be read. The message names the expression, the part that is wrong and what was
 * expected there. Never worth retrying: fix the scenario or thresholds file.
 */
export class ThresholdSyntaxError extends Error {
  override readonly name = 'ThresholdSyntaxError';
  constructor(
    readonly expression: string,
    problem: string,
  ) {
    super(`threshold ${JSON.stringify(expression)}: ${problem}`);
  }
}

/** Reads `<dotted metric path> <op> <number>`; throws {@link ThresholdSyntaxError} naming what is wrong. */
export function parseThreshold(expression: string): Threshold {
  const fail = (problem: string): never => {
    throw new ThresholdSyntaxError(expression, problem);
  };
  const text = expression.trim();
  if (text === '') fail(`expected ${GRAMMAR}, got an empty string`);

  const metric = /^[^\s<>=!]*/.exec(text)?.[0] ?? '';
  if (metric === '') fail(`expected a metric path before the operator, as in ${GRAMMAR}`);
  checkMetric(metric, fail);

  const afterMetric = text.slice(metric.length).trimStart();
  const op = OPS.find((candidate) => afterMetric.startsWith(candidate));
  if (op === undefined) {
    const token = /^[<>=!]+|^\S+/.exec(afterMetric)?.[0];
    const got = token === undefined ? 'nothing' : JSON.stringify(token);
    return fail(
      `expected an operator (${OPS_TEXT}) after the metric "${metric}"${operatorHint(token)}, got ${got}`,
    );
  }

  const limitText = afterMetric.slice(op.length).trim();
  if (!NUMBER.test(limitText)) {
    const got = limitText === '' ? 'nothing' : JSON.stringify(limitText);
    return fail(
      `expected a number after "${op}" (digits with optional _ separators, e.g. 2000, 2_000 or 0.995), ` +
        `got ${got}`,
    );
  }
  const limit = Number(limitText.replaceAll('_', ''));
  if (!Number.isFinite(limit))
    fail(`expected a finite number after "${op}", got ${JSON.stringify(limitText)}`);
  return { expression, metric, op, limit };
}

/** The likely slip behind an operator that is not one: `=` for `==`, `=>` for `>=`. */
function operatorHint(token: string | undefined): string {
  if (token === '=') return ' (equality is ==)';
  if (token === '=<' || token === '=>') return ` (the = comes second: ${token[1]}=)`;
  return '';
}

function checkMetric(metric: string, fail: (problem: string) => never): void {
  const example = 'e.g. "commands.balance.latencyMs.p99"';
  for (const part of metric.split('.')) {
    if (part === '')
      fail(`the metric "${metric}" has an empty part; expected names joined by single dots, ${example}`);
    if (!METRIC_PART.test(part)) {
      fail(`the metric part "${part}" has a character other than letters, digits, _, $ or -; ${example}`);
    }
  }
}

/**
 * The number at a dotted path of the summary, by a plain walk over its own properties (array indexes work
 * too: `processes.0.cpuSeconds`). null when the path is missing or ends at anything but a finite number.
 */
export function resolveMetric(summary: unknown, metric: string): number | null {
  let value: unknown = summary;
  for (const part of metric.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Whether `actual op limit` holds. */
function compareToLimit(actual: number, op: Op, limit: number): boolean {
  switch (op) {
    case '<':
      return actual < limit;
    case '<=':
      return actual <= limit;
    case '>':
      return actual > limit;
    case '>=':
      return actual >= limit;
    case '==':
      return actual === limit;
  }
}

/**
 * Each threshold against the summary, in the order given. A metric the run did not produce fails its threshold
 * (actual null): a threshold nobody measured must not pass silently. Throws {@link ThresholdSyntaxError} for
 * an expression that cannot be read.
 */
export function evaluateThresholds(
  summary: RunSummary,
  expressions: readonly (string | Threshold)[],
): ThresholdResult[] {
  return expressions.map((item) => {
    const threshold = typeof item === 'string' ? parseThreshold(item) : item;
    const actual = resolveMetric(summary, threshold.metric);
    const passed = actual !== null && compareToLimit(actual, threshold.op, threshold.limit);
    return { ...threshold, actual, passed };
  });
}

/** A thresholds file that cannot be used; the message names the file and the entry. */
export class ThresholdsFileError extends Error {
  override readonly name = 'ThresholdsFileError';
  constructor(
    readonly file: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(`${file}: ${problem}`, options);
  }
}

const thresholdsFileSchema = z.strictObject(
  {
    thresholds: z.array(z.string({ error: 'expected a string such as "latencyMs.p95 < 2000"' }), {
      error: 'expected an array of threshold strings',
    }),
  },
  { error: 'expected an object {"thresholds": ["…", …]}' },
);

/**
 * Reads a thresholds file, `{ "thresholds": ["latencyMs.p95 < 2000", …] }`, and checks every expression. Throws
 * {@link ThresholdsFileError} naming the file and, for a bad entry, its index.
 */
export async function loadThresholdsFile(file: string): Promise<Threshold[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ThresholdsFileError(file, `cannot read it (${(error as Error).message})`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ThresholdsFileError(file, `expected JSON (${(error as Error).message})`, { cause: error });
  }
  const result = thresholdsFileSchema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const where = issue.path.length === 0 ? '' : `${formatIssuePath(issue.path)}: `;
      const message =
        issue.code === 'unrecognized_keys' ? `unexpected ${issue.keys.join(', ')}` : issue.message;
      return `${where}${message}`;
    });
    throw new ThresholdsFileError(file, problems.join('; '));
  }
  return result.data.thresholds.map((expression, index) => {
    try {
      return parseThreshold(expression);
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      throw new ThresholdsFileError(file, `thresholds[${index}]: ${error.message}`, { cause: error });
    }
  });
}

/** `['thresholds', 2]` → `thresholds[2]`. */
function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
