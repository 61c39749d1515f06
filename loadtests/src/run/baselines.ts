import type { BaselineResult, RunOptions, RunSummary } from '../model.js';
import { runRawPostgres } from '../baselines/rawPostgres.js';
import { droasFigures, throughputOf } from '../droasFigures.js';
import { startMonolith } from '../baselines/monolith.js';
import { runQueueFloor } from '../baselines/queueFloor.js';
import { percentiles, round } from '../stats.js';
import { LoadDriver } from './loadDriver.js';
import { readProcess, readProcessTree } from './processSampler.js';
import type { GuildMembers, Scenario, ScenarioContext } from './scenario.js';
import type { Stack } from './stack.js';
import type { RunIo } from './runScenario.js';

/** How long each baseline runs at most: enough for stable medians, short enough for CI. */
const BASELINE_MAX_SEC = 20;
/** Each worker's Postgres pool (DB_POOL_MAX's default): the most statements DROAS has in flight per worker. */
const POOL_PER_WORKER = 10;

/**
 * The three baselines, run on the same stack right after DROAS's phase: the queue hop alone (empty BullMQ
 * jobs at DROAS's throughput, from a producer to as many consumers as DROAS has workers), the same SQL
 * straight at Postgres with the concurrency DROAS's workers can have there, and the same scenario answered by
 * one in-process discord.js bot (DROAS's gateway stopped meanwhile, so the simulator delivers to the
 * monolith alone).
 */
export async function runBaselines(
  scenario: Scenario,
  summary: RunSummary,
  stack: Stack,
  ctxFor: (driver: LoadDriver, options: RunOptions) => ScenarioContext,
  guilds: readonly GuildMembers[],
  io: RunIo,
): Promise<BaselineResult[]> {
  const figures = droasFigures(summary);
  const droas = {
    throughput: figures.throughputPerSec,
    p95: figures.p95Ms,
    cpu: figures.cpuMsPerInteraction,
  };
  const results: BaselineResult[] = [];
  const seconds = Math.min(BASELINE_MAX_SEC, summary.options.durationSec);

  if (droas.throughput > 0) {
    const rate = Math.round(droas.throughput);
    io.log(
      `baseline: empty BullMQ jobs at ${rate}/s through ${summary.options.workers} consumers for ${seconds} s…`,
    );
    const floor = await runQueueFloor({
      redisUrl: stack.redisUrl,
      prefix: `${stack.prefix}-floor`,
      ratePerSec: rate,
      durationMs: seconds * 1000,
      consumers: summary.options.workers,
      redisPid: stack.redis?.pid(),
    });
    results.push({
      name: 'queue-floor',
      description:
        `one BullMQ job per interaction and nothing else: empty jobs added at ${rate}/s (DROAS's throughput) ` +
        `with DROAS's job options, taken by ${summary.options.workers} consumer processes whose processor ` +
        'does nothing (CPU: producer, consumers and Redis)',
      throughputPerSec: floor.throughputPerSec,
      latencyMs: floor.waitMs,
      cpuMsPerInteraction: floor.cpuMsPerJob,
      redisCommandsPerInteraction: floor.redisCommandsPerJob,
      ratios: ratios(droas, {
        throughput: floor.throughputPerSec,
        p95: floor.waitMs.p95,
        cpu: floor.cpuMsPerJob,
      }),
    });
  }

  io.log(`baseline: the same SQL straight at Postgres for ${seconds} s…`);
  const pgBefore = treeCpu(stack);
  const raw = await runRawPostgres({
    databaseUrl: stack.databaseUrl,
    guilds: guilds.map((g) => ({ guildId: g.guildId, memberIds: g.userIds })),
    mix: summary.options.mix,
    concurrency: summary.options.workers * POOL_PER_WORKER,
    durationMs: seconds * 1000,
  });
  const pgCpuMs = (treeCpu(stack) - pgBefore) * 1000;
  const rawCpu = raw.operations === 0 ? null : round(raw.cpuMsPerOperation + pgCpuMs / raw.operations, 3);
  results.push({
    name: 'raw-postgres',
    description:
      `the same SQL each command runs, from one process with ${summary.options.workers * POOL_PER_WORKER} ` +
      'statements in flight and no think time (CPU: that process and Postgres)',
    throughputPerSec: round(raw.throughputPerSec),
    latencyMs: raw.latencyMs,
    cpuMsPerInteraction: rawCpu,
    ratios: ratios(droas, { throughput: raw.throughputPerSec, p95: raw.latencyMs.p95, cpu: rawCpu }),
  });

  const monolithSeconds = scenario.baselineRunsFullLength ? summary.options.durationSec : seconds;
  io.log(
    `baseline: the same scenario answered by one in-process discord.js bot for up to ${monolithSeconds} s…`,
  );
  await stack.stopGateway();
  const monolith = await startMonolith({
    discord: stack.discord,
    databaseUrl: stack.databaseUrl,
    redisUrl: stack.redisUrl,
    prefix: `${stack.prefix}-monolith`,
    totalShards: summary.options.shards,
  });
  try {
    const driver = new LoadDriver(stack.sim);
    await driver.start();
    const cpuNow = () =>
      (readProcess(monolith.pid)?.cpuSeconds ?? 0) +
      (readProcess(stack.redis?.pid() ?? -1)?.cpuSeconds ?? 0) +
      treeCpu(stack);
    const cpuBefore = cpuNow();
    const started = Date.now();
    const options = { ...summary.options, durationSec: monolithSeconds };
    const scenarioResults = await scenario.run(ctxFor(driver, options));
    const elapsed = (Date.now() - started) / 1000;
    const drainUntil = Date.now() + 10_000;
    while (Date.now() < drainUntil && [...driver.sent.values()].some((s) => !s.answer))
      await new Promise((r) => setTimeout(r, 250));
    await driver.stop();
    const cpuAfter = cpuNow();
    const sent = [...driver.sent.values()];
    const answered = sent.filter((s) => s.answer && !s.error);
    const latency = percentiles(answered.map((s) => s.answer!.latencyMs));
    const throughput = throughputOf(scenarioResults, answered.length / elapsed);
    const cpu = answered.length === 0 ? null : round(((cpuAfter - cpuBefore) * 1000) / answered.length, 3);
    results.push({
      name: 'monolith',
      description:
        'one discord.js process holding every shard and running the same command handlers in-process: ' +
        'no queue, no acknowledgement claims, no admission limits (CPU: it, Redis and Postgres)',
      throughputPerSec: round(throughput),
      latencyMs: latency,
      cpuMsPerInteraction: cpu,
      ratios: ratios(droas, { throughput, p95: latency.p95, cpu }),
    });
  } finally {
    await monolith.stop();
    await stack.startGateway();
  }
  return results;
}

function ratios(
  droas: { throughput: number; p95: number; cpu: number | null },
  base: { throughput: number; p95: number; cpu: number | null },
): BaselineResult['ratios'] {
  return {
    throughput: base.throughput > 0 ? round(droas.throughput / base.throughput, 3) : null,
    latencyP95: base.p95 > 0 ? round(droas.p95 / base.p95, 3) : null,
    cpuPerInteraction: droas.cpu !== null && base.cpu ? round(droas.cpu / base.cpu, 3) : null,
  };
}

/** CPU seconds of Postgres and its backends. */
function treeCpu(stack: Stack): number {
  const pid = stack.postgres?.pid();
  return pid === undefined ? 0 : (readProcessTree(pid)?.cpuSeconds ?? 0);
}
