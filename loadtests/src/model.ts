// What one load-test run measured: the shape of `summary.json` (schema: loadtests/schema/summary.schema.json).
// Field names are stable; a change to them is a new `schemaVersion`. Times are milliseconds unless a name
// says otherwise; rates are per second; sizes are bytes.

import type { MixEntry } from './baselines/commandMix.js';

/** Distribution of a set of figures. Every field is NaN-free: an empty set has count 0 and zeros. */
export interface Percentiles {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

/** One command of the scenario (or `all`): what was sent and how it was answered. */
export interface CommandStats {
  sent: number;
  /** Answered with content the member could read (a callback with content, or the edit after a deferral). */
  answered: number;
  /** Answered with an error message, or never answered. */
  failed: number;
  /** Dispatch to visible answer, from the simulator's own timestamps. */
  latencyMs: Percentiles;
}

/** One second (or one step, for `ramp`) of the run. */
export interface TimePoint {
  /** Seconds since the measured phase began. */
  tSec: number;
  offeredPerSec: number;
  achievedPerSec: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
}

export type ProcessRole = 'gateway' | 'worker' | 'simulator' | 'redis' | 'postgres' | 'runner' | 'monolith';

/** A process's counters read from /proc at one moment. */
export interface ProcessSample {
  tSec: number;
  /** A stable name: `worker-0`, `gateway-manager`, `gateway-cluster-0`, `redis`, `postgres`, … */
  name: string;
  role: ProcessRole;
  /** User + system CPU time since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** V8 heap in use, from the process's own `/metrics` (Node processes only, every few samples). */
  heapUsedBytes?: number;
}

/** A least-squares line through a process's RSS over time: how fast memory grows, and how sure that is. */
export interface Slope {
  bytesPerMinute: number;
  /** Standard error of the slope. */
  stderrBytesPerMinute: number;
  /** 95% confidence interval of the slope. */
  ci95BytesPerMinute: [number, number];
  r2: number;
  samples: number;
}

export interface ProcessSummary {
  name: string;
  role: ProcessRole;
  /** CPU time used during the measured phase. */
  cpuSeconds: number;
  /** cpuSeconds × 1000 ÷ interactions answered in the phase; null when none were. */
  cpuMsPerInteraction: number | null;
  rssStartBytes: number;
  rssMaxBytes: number;
  rssEndBytes: number;
  rssSlope: Slope | null;
  /** V8 heap in use (Node processes whose metrics were read); null for Redis, Postgres or when none was read. */
  heapStartBytes: number | null;
  heapMaxBytes: number | null;
  heapEndBytes: number | null;
  heapSlope: Slope | null;
}

export interface Failures {
  /** Sent and never answered by the end of the run (after the drain time). */
  unansweredAtEnd: number;
  /** Answered, but with an error the member would read (the command failed). */
  errorAnswers: number;
  /** Acknowledgements after Discord's 3 s (the simulator's 10062). */
  lateAcknowledgements: number;
  /** Second acknowledgements of one interaction (40060). */
  doubleAcknowledgements: number;
  /** 429s the simulator gave, by scope (`user`, `global`, `shared`, `invalid`, …). */
  rateLimited: Record<string, number>;
  /** Any other rule of Discord's the bot broke, by rule. */
  violations: Record<string, number>;
}

export interface QueueStats {
  name: string;
  /** Time from enqueue to a worker taking the job (from the workers' metrics), when known. */
  waitMsP95: number | null;
  maxDepth: number;
}

/** A run of the same load without DROAS's architecture: what the hardware allows. */
export interface BaselineResult {
  name: 'raw-postgres' | 'monolith' | 'queue-floor';
  /** What it is, in a sentence, for the report. */
  description: string;
  throughputPerSec: number;
  latencyMs: Percentiles;
  cpuMsPerInteraction: number | null;
  /** Redis commands per interaction (or per job), where the baseline uses Redis and counted them. */
  redisCommandsPerInteraction?: number | null;
  /** DROAS's figure ÷ the baseline's (throughput: higher is better; latency and CPU: lower is better). */
  ratios: { throughput: number | null; latencyP95: number | null; cpuPerInteraction: number | null };
}

export interface ThresholdResult {
  /** As written in the scenario or thresholds file, e.g. `latencyMs.p95 < 2000`. */
  expression: string;
  /** The dotted path into this summary, e.g. `latencyMs.p95`. */
  metric: string;
  op: '<' | '<=' | '>' | '>=' | '==';
  limit: number;
  /** The measured value; null when the run did not produce it (which fails the threshold). */
  actual: number | null;
  passed: boolean;
}

export interface RunOptions {
  scenario: string;
  durationSec: number;
  users: number;
  /** Offered rate for open-loop scenarios; null for closed-loop ones. */
  ratePerSec: number | null;
  workers: number;
  shards: number;
  external: boolean;
  /** The economy commands the scenario sends, by relative weight (60/25/10/5 unless `--mix` says otherwise). */
  mix: MixEntry[];
}

export interface RunSummary {
  schemaVersion: 1;
  scenario: string;
  /** ISO 8601. */
  startedAt: string;
  /** The measured phase, without start-up and drain. */
  durationSec: number;
  options: RunOptions;
  environment: { node: string; cpus: number; platform: string; hostname: string };
  totals: {
    sent: number;
    answered: number;
    /** answered ÷ sent (1 when nothing was sent). */
    successRate: number;
    offeredPerSec: number;
    achievedPerSec: number;
  };
  /** Every command together. */
  latencyMs: Percentiles;
  /** Latency histogram: counts[i] is the number of answers with latency ≤ boundsMs[i] and > boundsMs[i-1]. */
  histogram: { boundsMs: number[]; counts: number[] };
  /** Per command name (`balance`, `pay`, …). */
  commands: Record<string, CommandStats>;
  timeline: TimePoint[];
  failures: Failures;
  processes: ProcessSummary[];
  processSamples: ProcessSample[];
  queues: QueueStats[];
  /** Redis commands per answered interaction (from INFO commandstats), and the busiest commands. */
  redis: {
    commandsPerInteraction: number | null;
    topCommands: { command: string; calls: number }[];
    /** Append-only-file rewrites (each a fork of Redis) during the measured phase; null with no AOF or a restart. */
    aofRewrites: number | null;
    /** Keys Redis held at the end of the measured phase (job hashes, markers, claims, caches). */
    keysAtEnd: number;
  };
  /** Cache hit rates from the workers' metrics, by cache name (0..1). */
  caches: Record<string, number>;
  /** Postgres pool wait from the workers' metrics, when they report it. */
  postgres: { poolWaitMsP95: number | null };
  /** What only this scenario measures (the ramp's knee and curve, the raid's completion, chaos's outcome…). */
  scenarioResults: Record<string, unknown>;
  baselines: BaselineResult[];
  thresholds: ThresholdResult[];
  /** `pass` when every threshold passed. */
  verdict: 'pass' | 'fail';
  /** Notes the harness wants a reader to see (a baseline skipped, a sampler that could not read a process). */
  notes: string[];
}
