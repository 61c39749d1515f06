import { readFileSync } from 'node:fs';
import { queuePartitionPrefix, queuePartitionPrefixes } from '@droas/contracts';
import { clusterSeeds, parseClusterNodes } from '@droas/testkit';
import { Cluster, Redis } from 'ioredis';
import { round } from '../stats.js';
import {
  runVariant,
  sumSeconds,
  type RedisNode,
  type Variant,
  type VariantRun,
} from './queuePartitionsVariant.js';
import { PARTITIONED_QUEUE } from './queuePartitionsMain.js';

export { QUEUE_PARTITIONS_ENTRY } from './queuePartitionsVariant.js';

export interface QueuePartitionsOptions {
  /** The single Redis and the prefix its one queue lives under. */
  single: { url: string; prefix: string };
  /** The Redis Cluster's seeds (comma-separated `redis://host:port`); partition i's prefix is `<prefix>:{q<i>}`. */
  cluster: { url: string; prefix: string };
  /** Partition counts to run on the cluster. @defaultValue [1, 2, 4] */
  partitions?: number[];
  /** Consumer processes, each with one Worker per partition. @defaultValue 2 */
  consumers?: number;
  /** Jobs each Worker runs at once (INTERACTION_CONCURRENCY's default). @defaultValue 64 */
  concurrency?: number;
  /** Measured windows per variant and round. @defaultValue 6 */
  windows?: number;
  /** @defaultValue 2000 */
  windowMs?: number;
  /** Running time before the first window, not measured. @defaultValue 2000 */
  warmupMs?: number;
  /** Times every variant runs, interleaved (single, 1, 2, 4, single, 1, …). @defaultValue 1 */
  rounds?: number;
  /** Jobs per `addBulk`. @defaultValue 50 */
  batch?: number;
  /** Waiting jobs per partition above which the producer holds off. @defaultValue 2000 */
  maxBacklog?: number;
  /** Jobs the producer adds per variant and round at most (0: no limit). @defaultValue 0 */
  jobLimit?: number;
  /** Have consumers report every job id, so exactly-once is checked across processes. @defaultValue false */
  reportJobIds?: boolean;
  log?: (line: string) => void;
}

/** Where a partition's hash tag puts its queue. */
export interface TagPlacement {
  tag: string;
  slot: number;
  /** The primary that holds the slot: `A`, `B`, `C` in the order of their first slot. */
  primary: string;
  address: string;
}

export interface NodeCpu {
  /** `single`, a primary's letter, or the letter with a prime for its replica (`A'`). */
  node: string;
  address: string;
  role: 'single' | 'primary' | 'replica';
  cpuMsPerJob: number | null;
}

export interface VariantResult {
  variant: string;
  redis: 'single' | 'cluster';
  partitions: number;
  /** Jobs taken per second in each measured window, in order. */
  windowJobsPerSec: number[];
  jobsPerSec: number;
  producerCpuMsPerJob: number | null;
  consumerCpuMsPerJob: number | null;
  redisCpuMsPerJob: NodeCpu[];
  /** Producer, consumers and every Redis node together. */
  totalCpuMsPerJob: number | null;
  /** Cores the bench's processes (producer, consumers, Redis) kept busy over the windows, on average. */
  benchCores: number;
  /** Jobs waiting (all partitions) at the window boundaries, on average; the producer keeps each partition
   * under maxBacklog, so near that the consumers were the limit, near 0 the producer. */
  meanWaiting: number;
  /** The whole machine's busy share over the windows, every process counted (other work too). */
  machineCpuPercent: number;
  /** jobsPerSec over the single Redis's. */
  ratioVsSingle: number | null;
  added: number;
  processed: number;
  addFailures: number;
  duplicates: number;
  /** Only with reportJobIds: jobs added but never taken. */
  missing: number | null;
  exactlyOnce: boolean;
}

export interface QueuePartitionsResult {
  cores: number;
  placement: TagPlacement[];
  variants: VariantResult[];
}

const Defaults = {
  partitions: [1, 2, 4],
  consumers: 2,
  concurrency: 64,
  windows: 6,
  windowMs: 2_000,
  warmupMs: 2_000,
  rounds: 1,
  batch: 50,
  maxBacklog: 2_000,
  jobLimit: 0,
  reportJobIds: false,
} as const satisfies Partial<QueuePartitionsOptions>;

type Settings = Required<Omit<QueuePartitionsOptions, 'log' | 'partitions'>> & {
  partitions: number[];
  log: (line: string) => void;
};

/**
 * BullMQ's throughput at saturation on a single Redis with one queue and on a Redis Cluster with 1, 2 and 4
 * partitions (a queue per hash tag), in one run, side by side: empty interaction-sized jobs from a producer
 * that adds as fast as they are taken (each partition's backlog bounded) to consumer processes that run one
 * Worker per partition and do nothing. Reports jobs per second and the CPU each kind of process spends per
 * job, Redis's node by node, and checks every job was taken exactly once.
 */
export async function runQueuePartitions(options: QueuePartitionsOptions): Promise<QueuePartitionsResult> {
  const s: Settings = { ...Defaults, log: () => {}, ...withoutUndefined(options) };
  for (const [name, value] of Object.entries({
    consumers: s.consumers,
    concurrency: s.concurrency,
    windows: s.windows,
    windowMs: s.windowMs,
    rounds: s.rounds,
    batch: s.batch,
    maxBacklog: s.maxBacklog,
  })) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive whole number, got ${value}`);
    }
  }
  if (s.partitions.length === 0 || s.partitions.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw new RangeError(`partitions must be positive whole numbers, got [${s.partitions.join(', ')}]`);
  }
  const cluster = new Cluster(clusterSeeds(s.cluster.url), { redisOptions: { maxRetriesPerRequest: 1 } });
  const single = new Redis(s.single.url, { maxRetriesPerRequest: 1 });
  const nodes: RedisNode[] = [];
  try {
    const entries = parseClusterNodes(String(await cluster.cluster('NODES')));
    const primaries = entries
      .filter((e) => e.role === 'primary' && e.slots.length > 0)
      .sort((a, b) => (a.slots[0]?.[0] ?? 0) - (b.slots[0]?.[0] ?? 0));
    const letter = (id: string | undefined) =>
      String.fromCharCode(65 + primaries.findIndex((p) => p.id === id));
    const seedHost = clusterSeeds(s.cluster.url)[0]?.host ?? '127.0.0.1';
    for (const e of entries.filter((x) => !x.failing)) {
      const isPrimary = e.role === 'primary';
      nodes.push({
        node: isPrimary ? letter(e.id) : `${letter(e.primaryId)}'`,
        address: `${seedHost}:${e.port}`,
        role: isPrimary ? 'primary' : 'replica',
        client: new Redis({ host: seedHost, port: e.port, maxRetriesPerRequest: 1 }),
      });
    }
    nodes.sort((a, b) => a.node.localeCompare(b.node));
    const maxPartitions = Math.max(...s.partitions);
    const placement: TagPlacement[] = [];
    for (let i = 0; i < maxPartitions; i++) {
      // The tag is what the apps' prefix for partition i ends in; KEYSLOT of a key under it is the tag's slot.
      const prefix = queuePartitionPrefix(s.cluster.prefix, i, { partitions: maxPartitions, cluster: true });
      const tag = /\{[^}]*\}/.exec(prefix)?.[0] ?? prefix;
      const slot = Number(await cluster.cluster('KEYSLOT', `${prefix}:${PARTITIONED_QUEUE}:wait`));
      const owner = primaries.find((p) => p.slots.some(([first, last]) => slot >= first && slot <= last));
      placement.push({
        tag,
        slot,
        primary: letter(owner?.id),
        address: `${seedHost}:${owner?.port ?? 0}`,
      });
    }
    s.log(`partition tags: ${placement.map((p) => `${p.tag} slot ${p.slot} on ${p.primary}`).join(', ')}`);

    const variants: Variant[] = [
      {
        name: 'single Redis, 1 queue',
        redis: 'single',
        url: s.single.url,
        prefixes: queuePartitionPrefixes(s.single.prefix, { partitions: 1, cluster: false }),
      },
      ...s.partitions.map((n): Variant => ({
        name: `cluster, ${n} partition${n === 1 ? '' : 's'}`,
        redis: 'cluster',
        url: s.cluster.url,
        // The apps' own prefixes for n partitions on a cluster: `<prefix>:{q<i>}`.
        prefixes: queuePartitionPrefixes(s.cluster.prefix, { partitions: n, cluster: true }),
      })),
    ];
    const runs = new Map<Variant, VariantRun[]>(variants.map((v) => [v, []]));
    for (let round = 1; round <= s.rounds; round++) {
      for (const variant of variants) {
        s.log(`round ${round}/${s.rounds}: ${variant.name}…`);
        const redisNodes =
          variant.redis === 'single'
            ? [{ node: 'single', address: s.single.url, role: 'single' as const, client: single }]
            : nodes;
        const run = await runVariant(variant, variant.redis === 'single' ? single : cluster, redisNodes, s);
        runs.get(variant)!.push(run);
        s.log(
          `  ${whole(run.jobs / sumSeconds(run.windows))} jobs/s, ${run.processed} of ${run.added} jobs taken`,
        );
      }
    }
    const results = variants.map((v) =>
      summarise(v, runs.get(v)!, v.redis === 'single' ? ['single'] : nodes.map((n) => n.node), nodes),
    );
    const base = results[0]!.jobsPerSec;
    for (const r of results) r.ratioVsSingle = base > 0 ? round(r.jobsPerSec / base, 2) : null;
    return { cores: cpuCount(), placement, variants: results };
  } finally {
    for (const n of nodes) n.client.disconnect();
    single.disconnect();
    cluster.disconnect();
  }
}

function summarise(
  variant: Variant,
  runs: readonly VariantRun[],
  nodeNames: readonly string[],
  clusterNodes: readonly RedisNode[],
): VariantResult {
  const jobs = runs.reduce((sum, r) => sum + r.jobs, 0);
  const perJob = (seconds: number) => (jobs === 0 ? null : round((seconds * 1000) / jobs, 3));
  const added = runs.reduce((sum, r) => sum + r.added, 0);
  const processed = runs.reduce((sum, r) => sum + r.processed, 0);
  const addFailures = runs.reduce((sum, r) => sum + r.addFailures, 0);
  const duplicates = runs.reduce((sum, r) => sum + r.duplicates, 0);
  const missing = runs.every((r) => r.missing === null)
    ? null
    : runs.reduce((sum, r) => sum + (r.missing ?? 0), 0);
  const seconds = runs.reduce((sum, r) => sum + sumSeconds(r.windows), 0);
  const cpuSec = runs.reduce(
    (sum, r) => sum + r.producerCpuSec + r.consumerCpuSec + r.redisCpuSec.reduce((a, b) => a + b, 0),
    0,
  );
  const windowJobsPerSec = runs.flatMap((r) => r.windows.map((w) => whole(w.jobs / w.seconds)));
  return {
    variant: variant.name,
    redis: variant.redis,
    partitions: variant.prefixes.length,
    windowJobsPerSec,
    jobsPerSec: median(windowJobsPerSec),
    producerCpuMsPerJob: perJob(runs.reduce((sum, r) => sum + r.producerCpuSec, 0)),
    consumerCpuMsPerJob: perJob(runs.reduce((sum, r) => sum + r.consumerCpuSec, 0)),
    redisCpuMsPerJob: nodeNames.map((name, i) => {
      const node = clusterNodes.find((n) => n.node === name);
      return {
        node: name,
        address: node?.address ?? '',
        role: node?.role ?? 'single',
        cpuMsPerJob: perJob(runs.reduce((sum, r) => sum + (r.redisCpuSec[i] ?? 0), 0)),
      };
    }),
    totalCpuMsPerJob: perJob(cpuSec),
    benchCores: seconds === 0 ? 0 : round(cpuSec / seconds, 2),
    meanWaiting: whole(runs.reduce((sum, r) => sum + r.meanWaiting, 0) / runs.length),
    machineCpuPercent: round((100 * runs.reduce((sum, r) => sum + r.machineBusyShare, 0)) / runs.length, 0),
    ratioVsSingle: null,
    added,
    processed,
    addFailures,
    duplicates,
    missing,
    exactlyOnce: addFailures === 0 && duplicates === 0 && processed === added && (missing ?? 0) === 0,
  };
}

function cpuCount(): number {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d+ /.test(l)).length;
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : whole((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function whole(n: number): number {
  return round(n, 0);
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
