// One variant of the queue-partitions bench, once: its producer and consumers started, measured window by
// window, stopped, drained, checked and its queues deleted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnApp, type AppProcess } from '@droas/testkit';
import { Queue } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { readProcess } from '../run/processSampler.js';
import { findPackageRoot } from './packageRoot.js';
import type { NodeCpu, QueuePartitionsOptions } from './queuePartitions.js';
import { PARTITIONED_QUEUE } from './queuePartitionsMain.js';

/** The built entry of the bench's producer and consumers (`npx tsc -b` builds it). */
export const QUEUE_PARTITIONS_ENTRY = join(
  findPackageRoot(__dirname),
  'dist',
  'src',
  'baselines',
  'queuePartitionsMain.js',
);

export type VariantSettings = Required<
  Pick<
    QueuePartitionsOptions,
    | 'consumers'
    | 'concurrency'
    | 'windows'
    | 'windowMs'
    | 'warmupMs'
    | 'batch'
    | 'maxBacklog'
    | 'jobLimit'
    | 'reportJobIds'
  >
>;

export interface Variant {
  name: string;
  redis: 'single' | 'cluster';
  url: string;
  prefixes: string[];
}

export interface RedisNode {
  node: string;
  address: string;
  role: NodeCpu['role'];
  client: Redis;
}

/** One measured moment of a variant's run. */
interface Snapshot {
  t: number;
  producerCpuSec: number;
  consumerCpuSec: number;
  redisCpuSec: number[];
  machine: { busy: number; total: number };
  /** Jobs waiting, all partitions together. */
  waiting: number;
}

export interface VariantRun {
  windows: { jobs: number; seconds: number }[];
  jobs: number;
  producerCpuSec: number;
  consumerCpuSec: number;
  redisCpuSec: number[];
  machineBusyShare: number;
  /** Jobs waiting at the window boundaries, on average: near 0, the producer did not keep up. */
  meanWaiting: number;
  added: number;
  addFailures: number;
  processed: number;
  duplicates: number;
  missing: number | null;
}

/** Runs one variant once; its queues are deleted afterwards, so the next starts from empty keys. */
export async function runVariant(
  variant: Variant,
  redis: Redis | Cluster,
  nodes: readonly RedisNode[],
  s: VariantSettings,
): Promise<VariantRun> {
  const env = {
    REDIS_URL: variant.url,
    REDIS_CLUSTER: variant.redis === 'cluster' ? '1' : '0',
    QUEUE_PREFIXES: variant.prefixes.join(','),
  };
  const consumers: AppProcess[] = [];
  let producer: AppProcess | undefined;
  try {
    for (let i = 0; i < s.consumers; i++) {
      consumers.push(
        spawnApp(QUEUE_PARTITIONS_ENTRY, env, [
          'consumer',
          String(s.concurrency),
          s.reportJobIds ? '1' : '0',
        ]),
      );
    }
    await Promise.all(consumers.map((c) => c.waitForLine(isLine('ready'))));
    producer = spawnApp(QUEUE_PARTITIONS_ENTRY, env, [
      'producer',
      String(s.batch),
      String(s.maxBacklog),
      String(s.jobLimit),
    ]);
    await producer.waitForLine(isLine('ready'));
    const consumerPids = consumers.map((c) => c.child.pid!);
    const producerPid = producer.child.pid!;
    const snapshot = async (): Promise<Snapshot> => ({
      t: Date.now(),
      producerCpuSec: readProcess(producerPid)?.cpuSeconds ?? 0,
      consumerCpuSec: consumerPids.reduce((sum, pid) => sum + (readProcess(pid)?.cpuSeconds ?? 0), 0),
      redisCpuSec: await Promise.all(nodes.map((n) => readRedisCpu(n.client))),
      machine: readMachineCpu(),
      waiting: (
        await Promise.all(variant.prefixes.map((p) => redis.llen(`${p}:${PARTITIONED_QUEUE}:wait`)))
      ).reduce((a, b) => a + b, 0),
    });
    await sleep(s.warmupMs);
    const start = Date.now();
    const snapshots = [await snapshot()];
    for (let k = 1; k <= s.windows; k++) {
      await sleep(start + k * s.windowMs - Date.now());
      snapshots.push(await snapshot());
    }

    void producer.child.kill('SIGTERM');
    const done = parse(await producer.waitForLine(isLine('done'), 60_000));
    await drain(redis, variant.prefixes, 60_000);
    const finals = await Promise.all(
      consumers.map(async (c) => {
        void c.child.kill('SIGTERM');
        return parse(await c.waitForLine(isLine('done'), 30_000));
      }),
    );
    const added = Number(done['added']);
    const processed = finals.reduce((sum, f) => sum + Number(f['processed']), 0);
    let duplicates = finals.reduce((sum, f) => sum + Number(f['duplicates']), 0);
    let missing: number | null = null;
    if (s.reportJobIds) {
      const ids = finals.flatMap((f) => f['ids'] as string[]);
      const distinct = new Set(ids);
      duplicates = ids.length - distinct.size;
      missing = Math.max(0, added - Number(done['failures']) - distinct.size);
    }
    await Promise.all(variant.prefixes.map((prefix) => obliterate(redis, prefix)));

    const taken = (t: number) => consumers.reduce((sum, c) => sum + countAt(c.lines, t), 0);
    const counts = snapshots.map((snap) => taken(snap.t));
    const first = snapshots[0]!;
    const last = snapshots[snapshots.length - 1]!;
    return {
      windows: snapshots.slice(1).map((snap, i) => ({
        jobs: counts[i + 1]! - counts[i]!,
        seconds: (snap.t - snapshots[i]!.t) / 1000,
      })),
      jobs: counts[counts.length - 1]! - counts[0]!,
      producerCpuSec: last.producerCpuSec - first.producerCpuSec,
      consumerCpuSec: last.consumerCpuSec - first.consumerCpuSec,
      redisCpuSec: last.redisCpuSec.map((cpu, i) => cpu - first.redisCpuSec[i]!),
      meanWaiting: snapshots.reduce((sum, snap) => sum + snap.waiting, 0) / snapshots.length,
      machineBusyShare:
        (last.machine.busy - first.machine.busy) / Math.max(1, last.machine.total - first.machine.total),
      added,
      addFailures: Number(done['failures']),
      processed,
      duplicates,
      missing,
    };
  } finally {
    await Promise.all(
      [...consumers, ...(producer ? [producer] : [])].map((p) => p.stop('SIGKILL', 5_000).catch(() => 0)),
    );
  }
}

/** Waits until no partition has a job waiting or running. */
async function drain(redis: Redis | Cluster, prefixes: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lengths = await Promise.all(
      prefixes.flatMap((p) => [
        redis.llen(`${p}:${PARTITIONED_QUEUE}:wait`),
        redis.llen(`${p}:${PARTITIONED_QUEUE}:active`),
      ]),
    );
    if (lengths.every((n) => n === 0)) return;
    if (Date.now() > deadline) {
      throw new Error(`the partitions ${prefixes.join(', ')} still held jobs after ${timeoutMs} ms`);
    }
    await sleep(50);
  }
}

/** Deletes a partition's queue, so the next variant starts from empty keys under the same prefix. */
async function obliterate(redis: Redis | Cluster, prefix: string): Promise<void> {
  const queue = new Queue(PARTITIONED_QUEUE, { connection: redis, prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}

/** A consumer's running count at time t, between the two count lines around it. */
function countAt(lines: readonly string[], t: number): number {
  let before = { t: 0, processed: 0 };
  for (const line of lines) {
    if (!line.includes('"partitions":"count"')) continue;
    const { t: at, processed } = JSON.parse(line) as { t: number; processed: number };
    if (at >= t) {
      const span = at - before.t;
      return span <= 0
        ? processed
        : before.processed + ((processed - before.processed) * (t - before.t)) / span;
    }
    before = { t: at, processed };
  }
  return before.processed;
}

/** Redis's own CPU since it started, user + system, all its threads (INFO CPU). */
async function readRedisCpu(client: Redis): Promise<number> {
  const info = await client.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return field('used_cpu_sys') + field('used_cpu_user');
}

/** The whole machine's CPU time, busy and in total, in clock ticks (/proc/stat). */
function readMachineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: idle and iowait are not busy.
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - (fields[3] ?? 0) - (fields[4] ?? 0), total };
}

export function sumSeconds(windows: readonly { seconds: number }[]): number {
  return windows.reduce((sum, w) => sum + w.seconds, 0);
}

function isLine(kind: 'ready' | 'done') {
  return (line: string) => line.includes(`"partitions":"${kind}"`);
}

function parse(line: string): Record<string, unknown> {
  return JSON.parse(line) as Record<string, unknown>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
