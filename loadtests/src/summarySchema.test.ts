// schema/summary.schema.json against model.ts. Two checks: a realistic summary (typed as RunSummary, so it has
// every field the model has) must validate, and each interface's keys, listed below in types the compiler holds
// to the model, must be exactly the schema's properties. Adding a field to model.ts without the schema (or the
// other way round) fails here or in tsc.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type {
  BaselineResult,
  CommandStats,
  Failures,
  Percentiles,
  ProcessSample,
  ProcessSummary,
  QueueStats,
  RunOptions,
  RunSummary,
  Slope,
  ThresholdResult,
  TimePoint,
} from './model';
import { buildFixtureSummary } from './report/fixture';

type Schema = { [keyword: string]: unknown };

/** Each key of T: 1 where T requires it, 0 where it is optional (so the schema's `required` must agree). */
type KeyFlags<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 0 : 1 };

/**
 * A validator for the subset of JSON Schema the summary schema uses. Written here rather than adding a
 * dependency for one test; it throws on any keyword it does not know, so the schema cannot quietly rely on
 * one this does not check.
 */
function validate(root: Schema, schema: Schema, value: unknown, at = '$'): string[] {
  const errors: string[] = [];
  const known = new Set([
    ...['$schema', 'title', 'description', '$defs', '$ref', 'type', 'properties', 'required'],
    ...['additionalProperties', 'items', 'minItems', 'maxItems', 'enum', 'const', 'anyOf', 'minimum'],
  ]);
  for (const keyword of Object.keys(schema)) {
    if (!known.has(keyword)) throw new Error(`${at}: the test's validator does not know "${keyword}"`);
  }
  if (typeof schema['$ref'] === 'string') {
    const name = /^#\/\$defs\/(.+)$/.exec(schema['$ref'])?.[1];
    const target = (root['$defs'] as Record<string, Schema> | undefined)?.[name ?? ''];
    if (target === undefined) throw new Error(`${at}: unresolvable $ref ${schema['$ref']}`);
    return validate(root, target, value, at);
  }
  if (schema['type'] !== undefined && !hasType(value, schema['type'] as string)) {
    return [`${at}: expected ${JSON.stringify(schema['type'])}, got ${JSON.stringify(value)}`];
  }
  if ('const' in schema && value !== schema['const'])
    errors.push(`${at}: expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) {
    errors.push(`${at}: expected one of ${JSON.stringify(schema['enum'])}, got ${JSON.stringify(value)}`);
  }
  if (typeof schema['minimum'] === 'number' && typeof value === 'number' && value < schema['minimum']) {
    errors.push(`${at}: below ${schema['minimum']}`);
  }
  if (Array.isArray(schema['anyOf'])) {
    const options = schema['anyOf'] as Schema[];
    if (!options.some((option) => validate(root, option, value, at).length === 0)) {
      errors.push(`${at}: matches none of anyOf, got ${JSON.stringify(value)}`);
    }
  }
  if (Array.isArray(value)) errors.push(...validateArray(root, schema, value, at));
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    errors.push(...validateObject(root, schema, value as Record<string, unknown>, at));
  }
  return errors;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

function validateArray(root: Schema, schema: Schema, value: unknown[], at: string): string[] {
  const errors: string[] = [];
  if (typeof schema['minItems'] === 'number' && value.length < schema['minItems'])
    errors.push(`${at}: too short`);
  if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems'])
    errors.push(`${at}: too long`);
  if (schema['items'] !== undefined) {
    value.forEach((item, i) =>
      errors.push(...validate(root, schema['items'] as Schema, item, `${at}[${i}]`)),
    );
  }
  return errors;
}

function validateObject(root: Schema, schema: Schema, value: Record<string, unknown>, at: string): string[] {
  const errors: string[] = [];
  const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
  for (const key of (schema['required'] ?? []) as string[]) {
    if (!(key in value)) errors.push(`${at}.${key}: required`);
  }
  for (const [key, item] of Object.entries(value)) {
    const itemSchema = properties[key];
    if (itemSchema !== undefined) errors.push(...validate(root, itemSchema, item, `${at}.${key}`));
    else if (schema['additionalProperties'] === false) errors.push(`${at}.${key}: not in the schema`);
    else if (typeof schema['additionalProperties'] === 'object') {
      errors.push(...validate(root, schema['additionalProperties'] as Schema, item, `${at}.${key}`));
    }
  }
  return errors;
}

const schema = JSON.parse(
  readFileSync(path.join(__dirname, '..', 'schema', 'summary.schema.json'), 'utf8'),
) as Schema;
const check = (value: unknown) => validate(schema, schema, value);

/** Each interface's keys; `satisfies` makes tsc reject a missing or extra key. */
const modelKeys = {
  RunSummary: {
    schemaVersion: 1,
    scenario: 1,
    startedAt: 1,
    durationSec: 1,
    options: 1,
    environment: 1,
    totals: 1,
    latencyMs: 1,
    histogram: 1,
    commands: 1,
    timeline: 1,
    failures: 1,
    processes: 1,
    processSamples: 1,
    queues: 1,
    redis: 1,
    caches: 1,
    postgres: 1,
    scenarioResults: 1,
    baselines: 1,
    thresholds: 1,
    verdict: 1,
    notes: 1,
  } satisfies KeyFlags<RunSummary>,
  Percentiles: { count: 1, mean: 1, p50: 1, p90: 1, p95: 1, p99: 1, max: 1 } satisfies KeyFlags<Percentiles>,
  CommandStats: { sent: 1, answered: 1, failed: 1, latencyMs: 1 } satisfies KeyFlags<CommandStats>,
  TimePoint: {
    tSec: 1,
    offeredPerSec: 1,
    achievedPerSec: 1,
    p50Ms: 1,
    p95Ms: 1,
    p99Ms: 1,
    errors: 1,
  } satisfies KeyFlags<TimePoint>,
  ProcessSample: {
    tSec: 1,
    name: 1,
    role: 1,
    cpuSeconds: 1,
    rssBytes: 1,
    heapUsedBytes: 0,
  } satisfies KeyFlags<ProcessSample>,
  Slope: {
    bytesPerMinute: 1,
    stderrBytesPerMinute: 1,
    ci95BytesPerMinute: 1,
    r2: 1,
    samples: 1,
  } satisfies KeyFlags<Slope>,
  ProcessSummary: {
    name: 1,
    role: 1,
    cpuSeconds: 1,
    cpuMsPerInteraction: 1,
    rssStartBytes: 1,
    rssMaxBytes: 1,
    rssEndBytes: 1,
    rssSlope: 1,
    heapStartBytes: 1,
    heapMaxBytes: 1,
    heapEndBytes: 1,
    heapSlope: 1,
  } satisfies KeyFlags<ProcessSummary>,
  Failures: {
    unansweredAtEnd: 1,
    errorAnswers: 1,
    lateAcknowledgements: 1,
    doubleAcknowledgements: 1,
    rateLimited: 1,
    violations: 1,
  } satisfies KeyFlags<Failures>,
  QueueStats: { name: 1, waitMsP95: 1, maxDepth: 1 } satisfies KeyFlags<QueueStats>,
  BaselineResult: {
    name: 1,
    description: 1,
    throughputPerSec: 1,
    latencyMs: 1,
    cpuMsPerInteraction: 1,
    redisCommandsPerInteraction: 0,
    ratios: 1,
  } satisfies KeyFlags<BaselineResult>,
  ThresholdResult: {
    expression: 1,
    metric: 1,
    op: 1,
    limit: 1,
    actual: 1,
    passed: 1,
  } satisfies KeyFlags<ThresholdResult>,
  RunOptions: {
    scenario: 1,
    durationSec: 1,
    users: 1,
    ratePerSec: 1,
    workers: 1,
    shards: 1,
    external: 1,
    mix: 1,
  } satisfies KeyFlags<RunOptions>,
};

describe('summary.schema.json', () => {
  it('accepts a realistic summary', () => {
    expect(check(buildFixtureSummary())).toEqual([]);
  });

  it('accepts the nullable fields as null and a passing verdict', () => {
    const summary = buildFixtureSummary({ thresholds: ['totals.sent > 0'] });
    summary.options.ratePerSec = null;
    summary.processes[0]!.rssSlope = null;
    Object.assign(summary.processes[2]!, { heapStartBytes: null, heapMaxBytes: null, heapEndBytes: null });
    summary.processes[2]!.heapSlope = null;
    summary.processes[0]!.cpuMsPerInteraction = null;
    summary.queues[0]!.waitMsP95 = null;
    summary.redis.commandsPerInteraction = null;
    summary.postgres.poolWaitMsP95 = null;
    summary.baselines[0]!.ratios.cpuPerInteraction = null;
    expect(check(summary)).toEqual([]);
  });

  it('has exactly the fields of each interface in model.ts', () => {
    const defs = schema['$defs'] as Record<string, Schema>;
    const propertiesOf = (s: Schema) => Object.keys(s['properties'] as object).sort();
    expect(propertiesOf(schema)).toEqual(Object.keys(modelKeys.RunSummary).sort());
    expect((schema['required'] as string[]).slice().sort()).toEqual(Object.keys(modelKeys.RunSummary).sort());
    for (const [name, keys] of Object.entries(modelKeys)) {
      if (name === 'RunSummary') continue;
      expect({ name, keys: propertiesOf(defs[name]!) }).toEqual({ name, keys: Object.keys(keys).sort() });
      expect({ name, required: (defs[name]!['required'] as string[]).slice().sort() }).toEqual({
        name,
        required: Object.entries(keys)
          .filter(([, flag]) => flag === 1)
          .map(([key]) => key)
          .sort(),
      });
    }
  });

  it.each([
    [
      'a wrong schemaVersion',
      (s: Record<string, unknown>) => (s['schemaVersion'] = 2),
      '$.schemaVersion: expected 1',
    ],
    ['a missing field', (s: Record<string, unknown>) => delete s['notes'], '$.notes: required'],
    ['an unknown field', (s: Record<string, unknown>) => (s['extra'] = true), '$.extra: not in the schema'],
    [
      'a wrong type deep inside',
      (s: Record<string, unknown>) =>
        ((s as unknown as RunSummary).timeline[3]!.p99Ms = '12' as unknown as number),
      '$.timeline[3].p99Ms: expected "number", got "12"',
    ],
    [
      'an unknown role',
      (s: Record<string, unknown>) => ((s as unknown as RunSummary).processes[0]!.role = 'cron' as never),
      '$.processes[0].role: expected one of',
    ],
    [
      'null where the model allows none',
      (s: Record<string, unknown>) =>
        ((s as unknown as RunSummary).latencyMs.p95 = null as unknown as number),
      '$.latencyMs.p95: expected "number", got null',
    ],
    [
      'a confidence interval of three numbers',
      (s: Record<string, unknown>) =>
        ((s as unknown as RunSummary).processes[1]!.rssSlope!.ci95BytesPerMinute = [1, 2, 3] as never),
      '$.processes[1].rssSlope: matches none of anyOf',
    ],
  ])('rejects %s', (_, breakIt, message) => {
    const summary = buildFixtureSummary() as unknown as Record<string, unknown>;
    breakIt(summary);
    const errors = check(summary);
    expect(errors.some((e) => e.startsWith(message))).toBe(true);
  });
});
