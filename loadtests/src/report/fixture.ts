// A realistic RunSummary for tests and for looking at the reports: the ramp scenario stepping 30/s every 5 s
// against a cluster that holds about 310/s, four processes sampled every 5 s, both baselines, and the ramp's
// curve and knee in the shape scenarios/ramp.ts reports them. Latencies go through the runner's own
// statistics (src/stats.ts), and the ratios through droasFigures, so every figure agrees with the others the
// way a real run's do. Deterministic: the same call gives the same summary.
import { droasFigures } from '../droasFigures.js';
import { type BaselineResult, type CommandStats, type RunSummary, type TimePoint } from '../model.js';
import { histogram, percentiles, round } from '../stats.js';
import { summarizeProcesses } from '../processSummary.js';
import { buildProcessSamples, wobble } from './fixtureProcesses.js';
import { evaluateThresholds } from './thresholds.js';

export interface FixtureOptions {
  /** The thresholds evaluated into `thresholds` and `verdict`. @defaultValue {@link DefaultFixtureThresholds} */
  thresholds?: readonly string[];
  /** Fields replaced before the thresholds are evaluated, e.g. `{ timeline: [] }`. */
  overrides?: Partial<Omit<RunSummary, 'thresholds' | 'verdict'>>;
}

/** One of these (`/balance` p99) is breached by the default fixture, so its verdict is fail. */
export const DefaultFixtureThresholds = [
  'latencyMs.p95 < 2000',
  'commands.balance.latencyMs.p99 <= 500',
  'totals.successRate >= 0.995',
  'failures.doubleAcknowledgements == 0',
  'scenarioResults.knee.ratePerSec >= 280',
] as const;

const DURATION_SEC = 60;
const STEP_SEC = 5;
const STEP_PER_SEC = 30;
const CAPACITY_PER_SEC = 310;
const P99_LIMIT_MS = 1_000;

/** Offered rate steps up every 5 s; past ~310/s a backlog builds, and queueing time piles onto every answer. */
function buildTimeline(): TimePoint[] {
  let backlog = 0;
  return Array.from({ length: DURATION_SEC }, (_, i) => {
    const tSec = i + 1;
    const offeredPerSec = STEP_PER_SEC * (Math.floor(i / STEP_SEC) + 1);
    const capacity = CAPACITY_PER_SEC + 4 * wobble(tSec, 1.3);
    const achievedPerSec = Math.round(Math.min(offeredPerSec + backlog, capacity));
    backlog = Math.max(0, backlog + offeredPerSec - achievedPerSec);
    const waitMs = (backlog / capacity) * 1000;
    return {
      tSec,
      offeredPerSec,
      achievedPerSec,
      p50Ms: round(32 + 4 * wobble(tSec, 0.9) + waitMs * 0.5),
      p95Ms: round(85 + 12 * wobble(tSec, 1.7) + waitMs * 0.9),
      p99Ms: round(140 + 25 * wobble(tSec, 2.3) + waitMs),
      errors: Math.round(backlog * 0.01 + (tSec % 17 === 0 ? 1 : 0)),
    };
  });
}

// Latency quantiles the fixture's answers follow (q → ms), interpolated in log space between these points.
const LATENCY_QUANTILES: readonly [number, number][] = [
  [0, 4],
  [0.5, 38],
  [0.9, 160],
  [0.95, 380],
  [0.99, 1150],
  [1, 2150],
];

/** `count` latencies spread like LATENCY_QUANTILES, scaled by `factor`. */
function latencies(count: number, factor = 1): number[] {
  return Array.from({ length: count }, (_, i) => {
    const q = (i + 0.5) / count;
    const upper = LATENCY_QUANTILES.findIndex(([at]) => at >= q);
    const [q0, v0] = LATENCY_QUANTILES[upper - 1]!;
    const [q1, v1] = LATENCY_QUANTILES[upper]!;
    return factor * Math.exp(Math.log(v0) + ((q - q0) / (q1 - q0)) * (Math.log(v1) - Math.log(v0)));
  });
}

/** The ramp's steps and knee, as scenarios/ramp.ts reports them (it stops at the first step past a limit). */
function buildRampResults(timeline: readonly TimePoint[]): Record<string, unknown> {
  const curve: Record<string, number>[] = [];
  let knee: { ratePerSec: number; p99Ms: number } | null = null;
  for (let start = 0; start < timeline.length; start += STEP_SEC) {
    const step = timeline.slice(start, start + STEP_SEC);
    const sent = step.reduce((s, p) => s + p.offeredPerSec, 0);
    const failed = step.reduce((s, p) => s + p.errors, 0);
    const point = {
      ratePerSec: step[0]!.offeredPerSec,
      achievedPerSec: round((sent - failed) / STEP_SEC),
      p50Ms: round(step.reduce((s, p) => s + p.p50Ms, 0) / step.length),
      p95Ms: Math.max(...step.map((p) => p.p95Ms)),
      p99Ms: Math.max(...step.map((p) => p.p99Ms)),
      errorRate: round(failed / sent, 4),
    };
    curve.push(point);
    if (point.p99Ms > P99_LIMIT_MS || point.errorRate > 0.01) break;
    knee = { ratePerSec: point.ratePerSec, p99Ms: point.p99Ms };
  }
  return { knee, curve, stepSec: STEP_SEC, p99LimitMs: P99_LIMIT_MS, errorLimit: 0.01 };
}

function buildCommands(sent: number, answered: number): Record<string, CommandStats> {
  // The economy mix (60/25/10/5), and how much slower than the whole each command answers.
  const mix = {
    balance: [0.6, 0.75],
    pay: [0.25, 1.3],
    daily: [0.1, 1.1],
    leaderboard: [0.05, 1.8],
  } as const;
  return Object.fromEntries(
    Object.entries(mix).map(([name, [share, factor]]) => {
      const commandSent = Math.round(sent * share);
      const commandAnswered = Math.round(answered * share);
      const latencyMs = percentiles(latencies(commandAnswered, factor));
      return [
        name,
        { sent: commandSent, answered: commandAnswered, failed: commandSent - commandAnswered, latencyMs },
      ];
    }),
  );
}

function buildBaselines(summary: RunSummary): BaselineResult[] {
  const droas = droasFigures(summary);
  const ratio = (a: number | null, b: number | null) => (a === null || !b ? null : round(a / b, 3));
  const make = (
    name: BaselineResult['name'],
    description: string,
    throughputPerSec: number,
    latencyFactor: number,
    cpuMsPerInteraction: number,
  ): BaselineResult => {
    const latencyMs = percentiles(latencies(throughputPerSec * 20, latencyFactor));
    return {
      name,
      description,
      throughputPerSec,
      latencyMs,
      cpuMsPerInteraction,
      ratios: {
        throughput: ratio(droas.throughputPerSec, throughputPerSec),
        latencyP95: ratio(droas.p95Ms, latencyMs.p95),
        cpuPerInteraction: ratio(droas.cpuMsPerInteraction, cpuMsPerInteraction),
      },
    };
  };
  return [
    make(
      'raw-postgres',
      'the same SQL each command runs, from one process with 20 statements in flight',
      1450,
      0.05,
      0.9,
    ),
    make(
      'monolith',
      'one discord.js process holding every shard, the same handlers in-process, no queue',
      520,
      0.3,
      3.1,
    ),
  ];
}

/** The fixture run. See {@link FixtureOptions} to change thresholds or fields. */
export function buildFixtureSummary(options: FixtureOptions = {}): RunSummary {
  const timeline = buildTimeline();
  const sent = timeline.reduce((s, p) => s + p.offeredPerSec, 0);
  const errorAnswers = timeline.reduce((s, p) => s + p.errors, 0);
  const unansweredAtEnd = 12;
  const answered = sent - errorAnswers - unansweredAtEnd;
  const answerLatencies = latencies(answered);
  const processSamples = buildProcessSamples(timeline);

  const summary: RunSummary = {
    schemaVersion: 1,
    scenario: 'ramp',
    startedAt: '2025-03-14T09:26:53.000Z',
    durationSec: DURATION_SEC,
    options: {
      scenario: 'ramp',
      durationSec: DURATION_SEC,
      users: 1000,
      ratePerSec: STEP_PER_SEC,
      workers: 2,
      shards: 2,
      external: false,
      mix: [
        { command: 'balance', weight: 60 },
        { command: 'pay', weight: 25 },
        { command: 'daily', weight: 10 },
        { command: 'leaderboard', weight: 5 },
      ],
    },
    environment: { node: 'v20.20.2', cpus: 4, platform: 'linux', hostname: 'ci-runner-1' },
    totals: {
      sent,
      answered,
      successRate: round(answered / sent, 4),
      offeredPerSec: round(sent / DURATION_SEC),
      achievedPerSec: round(answered / DURATION_SEC),
    },
    latencyMs: percentiles(answerLatencies),
    histogram: histogram(answerLatencies),
    commands: buildCommands(sent, answered),
    timeline,
    failures: {
      unansweredAtEnd,
      errorAnswers,
      lateAcknowledgements: 3,
      doubleAcknowledgements: 0,
      rateLimited: { user: 41, shared: 2 },
      violations: { expiredTokenUses: 0, dispatchErrors: 0 },
    },
    processes: summarizeProcesses(processSamples, answered),
    processSamples,
    queues: [{ name: 'interactions', waitMsP95: 48, maxDepth: 1820 }],
    redis: {
      commandsPerInteraction: 14.2,
      topCommands: [
        { command: 'evalsha', calls: 41_230 },
        { command: 'hget', calls: 18_904 },
        { command: 'set', calls: 13_377 },
      ],
      aofRewrites: 1,
      keysAtEnd: 48_210,
    },
    caches: { balance: 0.97, rank: 0.9, settings: 0.99, leaderboard: 0.8 },
    postgres: { poolWaitMsP95: 3.4 },
    scenarioResults: buildRampResults(timeline),
    baselines: [],
    thresholds: [],
    verdict: 'pass',
    notes: [
      'monolith: its CPU per interaction includes Redis and Postgres, as DROAS’s does.',
      'worker-0 RSS slope is over 60 s only: too short to call a leak.',
    ],
  };
  summary.baselines = buildBaselines(summary);
  const merged = { ...summary, ...options.overrides };
  const thresholds = evaluateThresholds(merged, options.thresholds ?? DefaultFixtureThresholds);
  return { ...merged, thresholds, verdict: thresholds.every((t) => t.passed) ? 'pass' : 'fail' };
}
