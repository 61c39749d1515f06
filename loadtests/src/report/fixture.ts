// A realistic RunSummary for tests and for looking at the reports: a 60 s ramp from 50/s to 400/s offered that
// saturates near 310/s, four processes sampled every 5 s, both baselines and the ramp's curve and knee. Every
// figure is computed from the timeline and the samples, so the totals, ratios and slopes agree with each other
// the way a real run's do. Deterministic: the same call gives the same summary.
import { type CommandStats, type Percentiles, type RunSummary, type TimePoint } from '../model.js';
import { clusterCpuMsPerInteraction } from './baselineRows.js';
import { buildProcessSamples, summarizeProcesses, wobble } from './fixtureProcesses.js';
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
const KNEE_PER_SEC = 310;

function buildTimeline(): TimePoint[] {
  return Array.from({ length: DURATION_SEC }, (_, i) => {
    const tSec = i + 1;
    const offeredPerSec = Math.round(50 + (350 * i) / (DURATION_SEC - 1));
    const over = Math.max(0, offeredPerSec - KNEE_PER_SEC);
    const achievedPerSec = Math.round(Math.min(offeredPerSec * 0.998, KNEE_PER_SEC + 4 * wobble(tSec, 1.3)));
    const p50Ms = 32 + 4 * wobble(tSec, 0.9) + over * 1.5;
    const p95Ms = 85 + 12 * wobble(tSec, 1.7) + over * 12;
    const p99Ms = 140 + 25 * wobble(tSec, 2.3) + over * 24;
    const errors = Math.round(over * 0.04 + (tSec % 17 === 0 ? 1 : 0));
    return { tSec, offeredPerSec, achievedPerSec, p50Ms, p95Ms, p99Ms, errors };
  });
}

function percentiles(count: number, p50: number, scale = 1): Percentiles {
  const f = (v: number) => Math.round(v * scale * 10) / 10;
  return {
    count,
    mean: f(p50 * 2.4),
    p50: f(p50),
    p90: f(p50 * 4.3),
    p95: f(p50 * 11),
    p99: f(p50 * 42),
    max: f(p50 * 80),
  };
}

/** The ramp's steps (5 s each), as the ramp scenario reports them. */
function buildCurve(timeline: readonly TimePoint[]) {
  const steps = [];
  for (let start = 0; start < timeline.length; start += 5) {
    const step = timeline.slice(start, start + 5);
    const sum = (f: (p: TimePoint) => number) => step.reduce((s, p) => s + f(p), 0);
    steps.push({
      ratePerSec: sum((p) => p.offeredPerSec) / step.length,
      achievedPerSec: sum((p) => p.achievedPerSec) / step.length,
      p50Ms: sum((p) => p.p50Ms) / step.length,
      p99Ms: Math.max(...step.map((p) => p.p99Ms)),
      errorRate: sum((p) => p.errors) / sum((p) => p.offeredPerSec),
    });
  }
  return steps;
}

function buildCommands(sent: number, answered: number): Record<string, CommandStats> {
  // Share of the traffic, and median latency in ms.
  const shares = {
    balance: [0.45, 22],
    pay: [0.25, 35],
    daily: [0.15, 30],
    leaderboard: [0.15, 52],
  } as const;
  return Object.fromEntries(
    Object.entries(shares).map(([name, [share, p50]]) => {
      const commandSent = Math.round(sent * share);
      const commandAnswered = Math.round(answered * share);
      return [
        name,
        {
          sent: commandSent,
          answered: commandAnswered,
          failed: commandSent - commandAnswered,
          latencyMs: percentiles(commandAnswered, p50),
        },
      ];
    }),
  );
}

/** The fixture run. See {@link FixtureOptions} to change thresholds or fields. */
export function buildFixtureSummary(options: FixtureOptions = {}): RunSummary {
  const timeline = buildTimeline();
  const sent = timeline.reduce((s, p) => s + p.offeredPerSec, 0);
  const errorAnswers = timeline.reduce((s, p) => s + p.errors, 0);
  const unansweredAtEnd = 12;
  const answered = sent - errorAnswers - unansweredAtEnd;
  const processSamples = buildProcessSamples(timeline);
  const curve = buildCurve(timeline);
  const kneeIndex = Math.max(0, curve.findIndex((step) => step.achievedPerSec < step.ratePerSec * 0.97) - 1);
  const knee = curve[kneeIndex]!;
  const latencyMs = percentiles(answered, 38);
  const histogramBounds = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
  const histogramShares = [0.004, 0.05, 0.2, 0.32, 0.2, 0.14, 0.04, 0.03, 0.012, 0.004];

  const summary: Omit<RunSummary, 'thresholds' | 'verdict'> = {
    schemaVersion: 1,
    scenario: 'ramp',
    startedAt: '2025-03-14T09:26:53.000Z',
    durationSec: DURATION_SEC,
    options: {
      scenario: 'ramp',
      durationSec: DURATION_SEC,
      users: 5000,
      ratePerSec: 400,
      workers: 2,
      shards: 4,
      external: false,
    },
    environment: { node: 'v20.20.2', cpus: 4, platform: 'linux', hostname: 'ci-runner-1' },
    totals: {
      sent,
      answered,
      successRate: answered / sent,
      offeredPerSec: sent / DURATION_SEC,
      achievedPerSec: answered / DURATION_SEC,
    },
    latencyMs,
    histogram: {
      boundsMs: histogramBounds,
      counts: histogramShares.map((share) => Math.round(answered * share)),
    },
    commands: buildCommands(sent, answered),
    timeline,
    failures: {
      unansweredAtEnd,
      errorAnswers,
      lateAcknowledgements: 3,
      doubleAcknowledgements: 0,
      rateLimited: { user: 41, shared: 2 },
      violations: {},
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
    },
    caches: { guildCurrency: 0.97, memberProfile: 0.88 },
    postgres: { poolWaitMsP95: 3.4 },
    scenarioResults: {
      knee: {
        ratePerSec: knee.ratePerSec,
        p99Ms: knee.p99Ms,
        reason: 'next step answered under 97 % of offered',
      },
      curve,
      stepSec: 5,
    },
    baselines: [],
    notes: [
      'The monolith baseline ran in one process; its CPU per interaction includes its own Postgres queries.',
      'worker-0 RSS slope is over 60 s only: too short to call a leak.',
    ],
  };
  summary.baselines = buildBaselines(summary);
  const merged = { ...summary, ...options.overrides };
  const thresholds = evaluateThresholds(
    { ...merged, thresholds: [], verdict: 'pass' },
    options.thresholds ?? DefaultFixtureThresholds,
  );
  return { ...merged, thresholds, verdict: thresholds.every((t) => t.passed) ? 'pass' : 'fail' };
}

function buildBaselines(summary: Omit<RunSummary, 'thresholds' | 'verdict'>): RunSummary['baselines'] {
  const droasCpu = clusterCpuMsPerInteraction({ ...summary, thresholds: [], verdict: 'pass' });
  const make = (
    name: 'raw-postgres' | 'monolith',
    description: string,
    throughputPerSec: number,
    p50Ms: number,
    cpuMsPerInteraction: number,
  ) => {
    const latencyMs = percentiles(Math.round(throughputPerSec * DURATION_SEC), p50Ms, 0.25);
    return {
      name,
      description,
      throughputPerSec,
      latencyMs,
      cpuMsPerInteraction,
      ratios: {
        throughput: summary.totals.achievedPerSec / throughputPerSec,
        latencyP95: summary.latencyMs.p95 / latencyMs.p95,
        cpuPerInteraction: droasCpu === null ? null : droasCpu / cpuMsPerInteraction,
      },
    };
  };
  return [
    make(
      'raw-postgres',
      'The same SQL per command, straight against Postgres: the ceiling of the database.',
      1450,
      6,
      0.9,
    ),
    make('monolith', 'One Node process with discord.js and the same handlers, no queue.', 520, 40, 3.1),
  ];
}
