import { cpus, hostname } from 'node:os';
import { QUEUE_NAMES } from '@droas/contracts';
import { seededRandom } from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { CommandStats, RunOptions, RunSummary, TimePoint } from '../model.js';
import { summarizeProcesses } from '../processSummary.js';
import { histogram, percentiles, round } from '../stats.js';
import { acknowledgementNotes } from './acknowledgementNotes.js';
import { LoadDriver, type Sent } from './loadDriver.js';
import { ProcessSampler } from './processSampler.js';
import { buckets, quantileBetween, scrapeMetrics, sumOf } from './promText.js';
import { pickCommand, type GuildMembers, type Scenario, type ScenarioContext } from './scenario.js';
import { seedEconomy } from '../baselines/seedEconomy.js';
import { runBaselines } from './baselines.js';
import { connectStack } from './externalStack.js';
import { readCommandStats, readRedisHousekeeping } from './redisCommandStats.js';
import { startStack, type Stack } from './stack.js';

export interface RunIo {
  log: (line: string) => void;
  /** Rewrites the live progress line (a TTY), or does nothing. */
  progress: (line: string) => void;
}

/** How long answers are waited for after the load stops, before what is left counts as unanswered. */
const DRAIN_MS = 10_000;

/** A closed loop's members arrive spread over this long, as members do, rather than in one burst. */
const RAMP_UP_MS = 10_000;

/** How a run is carried out, beyond what its summary records. */
export interface RunControls {
  /** Run the raw-Postgres and monolith baselines after the scenario. @defaultValue the scenario's choice */
  baselines?: boolean;
  /** Write V8 CPU profiles of the workers and gateway processes here (`--cpu-prof`), one file per process. */
  cpuProfileDir?: string;
}

/** Starts the stack, runs `scenario` against it, measures, stops everything; the summary without thresholds. */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions,
  io: RunIo,
  controls: RunControls = {},
): Promise<RunSummary> {
  const withBaselines = controls.baselines ?? scenario.baselines === true;
  const population = scenario.population(options);
  const stack = options.external
    ? connectStack(process.env)
    : await startStack({
        shards: options.shards,
        workers: options.workers,
        ...population,
        ...(scenario.workerEnv && { workerEnv: scenario.workerEnv }),
        ...(controls.cpuProfileDir !== undefined && { cpuProfileDir: controls.cpuProfileDir }),
        log: io.log,
      });
  try {
    return await measure(scenario, options, stack, io, withBaselines);
  } finally {
    io.log('stopping the stack…');
    await stack.close();
  }
}

async function measure(
  scenario: Scenario,
  options: RunOptions,
  stack: Stack,
  io: RunIo,
  withBaselines: boolean,
): Promise<RunSummary> {
  const guilds = await guildsOf(stack);
  if (stack.external) {
    io.log(`an external stack: ${guilds.length} guilds as seeded there, their economies left as they are`);
  } else {
    io.log(`seeding the economy of ${guilds.length} guilds…`);
    await seedEconomy(
      stack.databaseUrl,
      guilds.map((g) => ({ guildId: g.guildId, memberIds: g.userIds })),
      1_000_000_000n,
    );
  }
  const redis = new Redis(stack.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', () => {});
  const queues = [QUEUE_NAMES.interactions, QUEUE_NAMES.memberEvents].map(
    (name) => new Queue(name, { connection: redis, prefix: stack.prefix }),
  );
  for (const q of queues) q.on('error', () => {});
  const driver = new LoadDriver(stack.sim);
  const random = seededRandom(42);
  const notes: string[] = [];
  try {
    // Warm-up, outside the measured phase: every member's account read once (the caches a member's first
    // command would miss), then a little of the whole mix (connections, JIT), at a pace the stack holds.
    io.log('warming up: every member once, then the mix…');
    await driver.start();
    const warming: Promise<unknown>[] = [];
    const members = guilds.flatMap((g) => g.userIds.map((userId) => ({ guildId: g.guildId, userId })));
    const warmups = [
      ...members.map((m) => ({ ...m, command: 'balance' })),
      ...Array.from({ length: 150 }, () => pickCommand(guilds, options.mix, random)),
    ];
    for (const [i, request] of warmups.entries()) {
      warming.push(driver.send(request).then((s) => s && driver.answered(s, 10_000)));
      if (i % 5 === 4) await sleep(20);
    }
    await Promise.all(warming);
    await driver.stop();

    const driverMeasured = new LoadDriver(stack.sim);
    await driverMeasured.start();
    const statsBefore = await stack.sim.stats();
    const commandsBefore = await readCommandStats(redis);
    const housekeepingBefore = await readRedisHousekeeping(redis);
    const metricsBefore = await scrapeAll(stack.workerOpsUrls());
    const sampler = new ProcessSampler(() => stack.processes());
    const maxDepth = new Map<string, number>();
    const depthTimer = setInterval(() => {
      for (const q of queues)
        void q
          .getJobCounts('wait', 'prioritized', 'active', 'delayed')
          .then((c) => {
            const depth = Object.values(c).reduce((a, b) => a + b, 0);
            maxDepth.set(q.name, Math.max(maxDepth.get(q.name) ?? 0, depth));
          })
          .catch(() => undefined);
    }, 1_000);
    let offered = 0;
    const startedAt = Date.now();
    const progressTimer = setInterval(
      () => io.progress(progressLine(driverMeasured, startedAt, offered)),
      1_000,
    );
    sampler.start();
    const ctxFor = (driver: LoadDriver, runOptions: RunOptions): ScenarioContext => {
      const ctx: ScenarioContext = {
        options: runOptions,
        stack,
        driver,
        guilds,
        random,
        log: io.log,
        offered: (n) => (offered += n),
        closedLoop: (spec) => closedLoop(ctx, spec),
        openLoop: (spec) => openLoop(ctx, spec),
      };
      return ctx;
    };
    const ctx = ctxFor(driverMeasured, options);
    let scenarioResults: Record<string, unknown>;
    let loadEndedAt = Date.now();
    try {
      scenarioResults = await scenario.run(ctx);
    } finally {
      loadEndedAt = Date.now();
      io.log('draining: waiting for the last answers…');
      const drainUntil = Date.now() + DRAIN_MS;
      while (Date.now() < drainUntil && [...driverMeasured.sent.values()].some((s) => !s.answer))
        await new Promise((r) => setTimeout(r, 250));
      await driverMeasured.stop();
      clearInterval(progressTimer);
      clearInterval(depthTimer);
      await sampler.stop();
      io.progress('');
      notes.push(
        `load ran ${((loadEndedAt - startedAt) / 1000).toFixed(1)} s; answers were waited for up to ${DRAIN_MS / 1000} s after`,
      );
    }
    // Rates are over the load itself; answers that came in the drain after it still count.
    const durationSec = (loadEndedAt - startedAt) / 1000;
    for (const s of [...driverMeasured.sent.values()].filter((x) => !x.answer).slice(0, 5)) {
      const t = await stack.sim.interaction(s.id).catch(() => undefined);
      notes.push(
        `unanswered /${s.command} ${s.id}: ` +
          (t === undefined
            ? 'the simulator no longer has it'
            : `delivered ${t.delivered}, acknowledged ${t.acknowledgement ? `type ${t.acknowledgement.type} after ${t.acknowledgement.latencyMs} ms` : 'never'}, ` +
              `edits ${t.edits.length}, violations ${t.violations.map((v) => v.rule).join(',') || 'none'}`),
      );
    }
    const statsAfter = await stack.sim.stats();
    const commandsAfter = await readCommandStats(redis);
    const housekeepingAfter = await readRedisHousekeeping(redis);
    const metricsAfter = await scrapeAll(stack.workerOpsUrls());

    const sent = [...driverMeasured.sent.values()];
    notes.push(...acknowledgementNotes(sent));
    const answered = sent.filter((s) => s.answer && !s.error);
    const latencies = sent.flatMap((s) => (s.answer ? [s.answer.latencyMs] : []));
    const byCommand: Record<string, CommandStats> = {};
    for (const name of new Set(sent.map((s) => s.command))) {
      const of = sent.filter((s) => s.command === name);
      byCommand[name] = {
        sent: of.length,
        answered: of.filter((s) => s.answer && !s.error).length,
        failed: of.filter((s) => !s.answer || s.error).length,
        latencyMs: percentiles(of.flatMap((s) => (s.answer ? [s.answer.latencyMs] : []))),
      };
    }
    // A Redis restarted during the run (chaos) starts its counts again: then only what came after is known.
    const redisRestarted = commandsAfter.total < commandsBefore.total;
    if (redisRestarted)
      notes.push('Redis restarted during the run: its command counts cover only the time after');
    const redisCalls = redisRestarted ? null : commandsAfter.total - commandsBefore.total;
    const processes = summarizeProcesses(sampler.samples, answered.length);
    const summary: RunSummary = {
      schemaVersion: 1,
      scenario: scenario.name,
      startedAt: new Date(startedAt).toISOString(),
      durationSec: round(durationSec),
      options,
      environment: {
        node: process.version,
        cpus: cpus().length,
        platform: process.platform,
        hostname: hostname(),
      },
      totals: {
        sent: sent.length,
        answered: answered.length,
        successRate: sent.length === 0 ? 1 : round(answered.length / sent.length, 4),
        offeredPerSec: round(sent.length / durationSec),
        achievedPerSec: round(answered.length / durationSec),
      },
      latencyMs: percentiles(latencies),
      histogram: histogram(latencies),
      commands: byCommand,
      timeline: timeline(sent, startedAt),
      failures: {
        unansweredAtEnd: sent.filter((s) => !s.answer).length,
        errorAnswers: sent.filter((s) => s.error).length,
        lateAcknowledgements: statsAfter.lateAcknowledgements - statsBefore.lateAcknowledgements,
        doubleAcknowledgements: statsAfter.doubleAcknowledgements - statsBefore.doubleAcknowledgements,
        rateLimited: Object.fromEntries(
          Object.entries(statsAfter.rateLimitedByScope).map(([scope, n]) => [
            scope,
            n - (statsBefore.rateLimitedByScope[scope as keyof typeof statsBefore.rateLimitedByScope] ?? 0),
          ]),
        ),
        violations: {
          expiredTokenUses: statsAfter.expiredTokenUses - statsBefore.expiredTokenUses,
          dispatchErrors: driverMeasured.dispatchErrors,
        },
      },
      processes,
      processSamples: sampler.samples,
      queues: queues.map((q) => ({
        name: q.name,
        waitMsP95: msOrNull(
          quantileBetween(
            buckets(metricsBefore, 'droas_worker_job_queue_wait_seconds', { queue: q.name }),
            buckets(metricsAfter, 'droas_worker_job_queue_wait_seconds', { queue: q.name }),
            0.95,
          ),
        ),
        maxDepth: maxDepth.get(q.name) ?? 0,
      })),
      redis: {
        commandsPerInteraction:
          answered.length === 0 || redisCalls === null ? null : round(redisCalls / answered.length, 1),
        topCommands: topCommands(
          redisRestarted ? new Map<string, number>() : commandsBefore.byCommand,
          commandsAfter.byCommand,
        ),
        aofRewrites:
          redisRestarted || housekeepingBefore.aofRewrites === null || housekeepingAfter.aofRewrites === null
            ? null
            : housekeepingAfter.aofRewrites - housekeepingBefore.aofRewrites,
        keysAtEnd: housekeepingAfter.keys,
      },
      caches: cacheHitRates(metricsBefore, metricsAfter),
      postgres: {
        poolWaitMsP95: msOrNull(
          quantileBetween(
            buckets(metricsBefore, 'droas_db_acquire_wait_seconds'),
            buckets(metricsAfter, 'droas_db_acquire_wait_seconds'),
            0.95,
          ),
        ),
      },
      scenarioResults,
      baselines: [],
      thresholds: [],
      verdict: 'pass',
      notes,
    };
    if (withBaselines && stack.external)
      notes.push(
        'no baselines: they stop the gateway and start a monolith, which needs a stack the runner started',
      );
    else if (withBaselines)
      summary.baselines = await runBaselines(scenario, summary, stack, ctxFor, guilds, io);
    return summary;
  } finally {
    await Promise.all(queues.map((q) => q.close()));
    redis.disconnect();
  }
}

async function closedLoop(
  ctx: ScenarioContext,
  spec: Parameters<ScenarioContext['closedLoop']>[0],
): Promise<void> {
  const until = Date.now() + spec.durationMs;
  const [minThink, maxThink] = spec.thinkMs;
  const member = async (i: number) => {
    // Members arrive over the first ramp-up seconds (at most a quarter of the run), not all at once.
    await sleep(ctx.random() * Math.min(RAMP_UP_MS, spec.durationMs / 4));
    const guilds = [ctx.guilds[i % ctx.guilds.length]!];
    while (Date.now() < until) {
      const sent = await ctx.driver.send(pickCommand(guilds, spec.mix, ctx.random));
      ctx.offered(1);
      if (sent) await ctx.driver.answered(sent, 10_000);
      await sleep(minThink + ctx.random() * (maxThink - minThink));
    }
  };
  await Promise.all(Array.from({ length: spec.users }, (_, i) => member(i)));
}

async function openLoop(
  ctx: ScenarioContext,
  spec: Parameters<ScenarioContext['openLoop']>[0],
): Promise<Sent[]> {
  const started = Date.now();
  const sent: Promise<Sent | undefined>[] = [];
  let due = 0;
  while (Date.now() - started < spec.durationMs) {
    const target = Math.floor(((Date.now() - started) / 1000) * spec.ratePerSec);
    for (; due < target; due++) {
      sent.push(ctx.driver.send(spec.pick ? spec.pick() : pickCommand(ctx.guilds, spec.mix, ctx.random)));
      ctx.offered(1);
    }
    await sleep(10);
  }
  return (await Promise.all(sent)).filter((s): s is Sent => s !== undefined);
}

/** The seeded guilds and the members the run uses in each. */
async function guildsOf(stack: Stack): Promise<GuildMembers[]> {
  const all: GuildMembers[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await stack.sim.guilds(offset, 100);
    for (const g of page.guilds) {
      const { memberIds } = await stack.sim.members(g.id, 0, 100);
      all.push({ guildId: g.id, userIds: memberIds });
    }
    if (offset + 100 >= page.total) break;
  }
  return all;
}

function timeline(sent: readonly Sent[], startedAt: number): TimePoint[] {
  const seconds = new Map<number, Sent[]>();
  for (const s of sent) {
    const t = Math.floor((s.sentAt - startedAt) / 1000);
    seconds.set(t, [...(seconds.get(t) ?? []), s]);
  }
  const answeredPer = new Map<number, number>();
  for (const s of sent)
    if (s.answer && !s.error) {
      const t = Math.floor((s.sentAt - startedAt + s.answer.latencyMs) / 1000);
      answeredPer.set(t, (answeredPer.get(t) ?? 0) + 1);
    }
  const last = Math.max(0, ...seconds.keys());
  return Array.from({ length: last + 1 }, (_, t) => {
    const of = seconds.get(t) ?? [];
    const p = percentiles(of.flatMap((s) => (s.answer ? [s.answer.latencyMs] : [])));
    return {
      tSec: t,
      offeredPerSec: of.length,
      achievedPerSec: answeredPer.get(t) ?? 0,
      p50Ms: p.p50,
      p95Ms: p.p95,
      p99Ms: p.p99,
      errors: of.filter((s) => !s.answer || s.error).length,
    };
  });
}

function topCommands(before: Map<string, number>, after: Map<string, number>) {
  return [...after]
    .map(([command, calls]) => ({ command, calls: calls - (before.get(command) ?? 0) }))
    .filter((c) => c.calls > 0)
    .sort((a, b) => b.calls - a.calls)
    .slice(0, 20);
}

function cacheHitRates(before: readonly string[], after: readonly string[]): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const cache of ['balance', 'rank', 'settings', 'leaderboard']) {
    const hits = count(after, cache, 'hit') - count(before, cache, 'hit');
    const misses = count(after, cache, 'miss') - count(before, cache, 'miss');
    if (hits + misses > 0) rates[cache] = round(hits / (hits + misses), 4);
  }
  return rates;
  function count(texts: readonly string[], cache: string, result: string) {
    return sumOf(texts, 'droas_economy_cache_requests_total', { cache, result });
  }
}

function scrapeAll(urls: readonly string[]): Promise<string[]> {
  // The figures of the whole run hang on these two scrapes: wait well past a slow answer.
  return Promise.all(urls.map((u) => scrapeMetrics(u, 30_000)));
}

function msOrNull(seconds: number | null): number | null {
  return seconds === null ? null : round(seconds * 1000, 1);
}

function progressLine(driver: LoadDriver, startedAt: number, offered: number): string {
  const elapsed = (Date.now() - startedAt) / 1000;
  const sent = [...driver.sent.values()];
  const recent = sent
    .filter((s) => s.answer && s.sentAt > Date.now() - 10_000)
    .map((s) => s.answer!.latencyMs);
  const answered = sent.filter((s) => s.answer && !s.error).length;
  const errors = sent.filter((s) => s.error).length + driver.dispatchErrors;
  return (
    `${elapsed.toFixed(0)} s  offered ${(offered / Math.max(elapsed, 1)).toFixed(0)}/s  achieved ` +
    `${(answered / Math.max(elapsed, 1)).toFixed(0)}/s  p95 (last 10 s) ${percentiles(recent).p95.toFixed(0)} ms  errors ${errors}`
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
