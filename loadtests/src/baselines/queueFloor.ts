import { join } from 'node:path';
import { spawnApp, type AppProcess } from '@droas/testkit';
import { Redis } from 'ioredis';
import type { Percentiles } from '../model.js';
import { readProcess } from '../run/processSampler.js';
import { readCommandStats } from '../run/redisCommandStats.js';
import { percentiles, round } from '../stats.js';
import { findPackageRoot } from './packageRoot.js';

/** The built entry of the floor's producer and consumers (`npx tsc -b` builds it). */
export const QUEUE_FLOOR_ENTRY = join(
  findPackageRoot(__dirname),
  'dist',
  'src',
  'baselines',
  'queueFloorMain.js',
);

export interface QueueFloorOptions {
  redisUrl: string;
  /** A key prefix of its own, apart from DROAS's. */
  prefix: string;
  /** Jobs added per second, open loop. */
  ratePerSec: number;
  durationMs: number;
  /** Consumer processes, as DROAS runs workers. */
  consumers: number;
  /** Jobs each consumer runs at once (INTERACTION_CONCURRENCY's default). @defaultValue 64 */
  concurrency?: number;
  /** Most time to wait after the producer stops for every job to be taken. @defaultValue 10000 */
  drainMs?: number;
  /** Redis's pid, to sample its CPU; the floor's CPU leaves Redis out without it. */
  redisPid?: number | undefined;
}

export interface QueueFloorResult {
  added: number;
  processed: number;
  throughputPerSec: number;
  /** Added to taken by a consumer. */
  waitMs: Percentiles;
  /** CPU of the producer, the consumers and Redis per job processed. */
  cpuMsPerJob: number | null;
  cpuMsByProcess: { producer: number; consumers: number; redis: number };
  /** Redis commands per job processed (`INFO commandstats`, scripts' own commands included). */
  redisCommandsPerJob: number | null;
}

/**
 * The queue hop alone: empty interaction-sized jobs through BullMQ from a producer process to consumer
 * processes whose processor does nothing, with DROAS's job options, retention and concurrency, at a given
 * rate. What one BullMQ job per interaction costs before any of DROAS's own work: the floor under DROAS's
 * CPU and Redis commands per interaction.
 */
export async function runQueueFloor(options: QueueFloorOptions): Promise<QueueFloorResult> {
  if (!Number.isFinite(options.ratePerSec) || options.ratePerSec <= 0) {
    throw new RangeError(`ratePerSec must be positive, got ${options.ratePerSec}`);
  }
  if (!Number.isSafeInteger(options.consumers) || options.consumers < 1) {
    throw new RangeError(`consumers must be a positive integer, got ${options.consumers}`);
  }
  const env = { REDIS_URL: options.redisUrl, REDIS_PREFIX: options.prefix };
  const concurrency = options.concurrency ?? 64;
  const consumers: AppProcess[] = [];
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  try {
    for (let i = 0; i < options.consumers; i++) {
      const c = spawnApp(QUEUE_FLOOR_ENTRY, env, ['consumer', String(concurrency)]);
      consumers.push(c);
      await c.waitForLine(isReady);
    }
    const cpuOf = (pids: number[]) => pids.reduce((s, pid) => s + (readProcess(pid)?.cpuSeconds ?? 0), 0);
    const consumerPids = consumers.map((c) => c.child.pid!);
    const producer = spawnApp(QUEUE_FLOOR_ENTRY, env, [
      'producer',
      String(options.ratePerSec),
      String(options.durationMs),
    ]);
    await producer.waitForLine(isReady);
    const consumersBefore = cpuOf(consumerPids);
    const redisBefore = options.redisPid === undefined ? 0 : cpuOf([options.redisPid]);
    const commandsBefore = await readCommandStats(redis);
    const started = Date.now();
    const done = parseLine(await producer.waitForLine(isDone, options.durationMs + 30_000));
    const added = Number(done['added']);
    const waitKey = `${options.prefix}:queue-floor`;
    const drainUntil = Date.now() + (options.drainMs ?? 10_000);
    while (Date.now() < drainUntil) {
      const [waiting, active] = await Promise.all([
        redis.llen(`${waitKey}:wait`),
        redis.llen(`${waitKey}:active`),
      ]);
      if (waiting === 0 && active === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const elapsedSec = (Date.now() - started) / 1000;
    const consumersCpu = cpuOf(consumerPids) - consumersBefore;
    const redisCpu = options.redisPid === undefined ? 0 : cpuOf([options.redisPid]) - redisBefore;
    const commandsAfter = await readCommandStats(redis);
    await producer.exited;

    const waits: number[] = [];
    for (const c of consumers) {
      void c.child.kill('SIGTERM');
      const line = parseLine(await c.waitForLine(isDone, 20_000));
      waits.push(...(line['waitsMs'] as number[]));
    }
    const processed = waits.length;
    const producerCpu = Number(done['cpuMs']) / 1000;
    const totalCpu = producerCpu + consumersCpu + redisCpu;
    return {
      added,
      processed,
      throughputPerSec: round(processed / elapsedSec),
      waitMs: percentiles(waits),
      cpuMsPerJob: processed === 0 ? null : round((totalCpu * 1000) / processed, 3),
      cpuMsByProcess: {
        producer: perJob(producerCpu, processed),
        consumers: perJob(consumersCpu, processed),
        redis: perJob(redisCpu, processed),
      },
      redisCommandsPerJob:
        processed === 0 ? null : round((commandsAfter.total - commandsBefore.total) / processed, 1),
    };
  } finally {
    await Promise.all(consumers.map((c) => c.stop('SIGKILL', 5_000).catch(() => undefined)));
    redis.disconnect();
  }
}

function perJob(cpuSeconds: number, jobs: number): number {
  return jobs === 0 ? 0 : round((cpuSeconds * 1000) / jobs, 3);
}

function isReady(line: string): boolean {
  return line.includes('"floor":"ready"');
}

function isDone(line: string): boolean {
  return line.includes('"floor":"done"');
}

function parseLine(line: string): Record<string, unknown> {
  return JSON.parse(line) as Record<string, unknown>;
}
