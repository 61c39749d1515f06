// The queue-partitions bench's processes, on one Redis (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER=1,
// REDIS_URL the comma-separated seeds), with one BullMQ queue per prefix in QUEUE_PREFIXES (comma-separated):
//  - `producer BATCH MAX_BACKLOG JOB_LIMIT` adds empty interaction-sized jobs to every partition as fast as
//    they are taken, a batch at a time, holding each partition's waiting list under MAX_BACKLOG, until
//    JOB_LIMIT jobs (0: no limit) or SIGTERM; then prints what it added.
//  - `consumer CONCURRENCY REPORT_IDS` runs one BullMQ Worker per partition whose processor does nothing,
//    with DROAS's interaction retention, prints its running count every 100 ms, and on SIGTERM closes and
//    prints what it took (every job id when REPORT_IDS is 1, for the exactly-once check).
// Started by `runQueuePartitions`; each prints one JSON line when ready and one when done.
import { once } from 'node:events';
import { QUEUE_NAMES, jobOptionsFor, retentionFor } from '@droas/contracts';
import { connectRedis } from '@droas/runtime';
import { Queue, Worker } from 'bullmq';
import type { Cluster, Redis } from 'ioredis';
import { SAMPLE_INTERACTION_JOB } from './sampleInteractionJob.js';

/** The queue's name in every partition, as DROAS names its interaction queue. */
export const PARTITIONED_QUEUE = QUEUE_NAMES.interactions;
const COUNT_EVERY_MS = 100;

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

function connection(): Redis | Cluster {
  const url = required('REDIS_URL');
  // BullMQ needs a Cluster instance (options alone make a standalone client), and its Workers refuse a
  // connection that gives up on a command: maxRetriesPerRequest null.
  return connectRedis({ url, cluster: process.env['REDIS_CLUSTER'] === '1' }, { maxRetriesPerRequest: null });
}

function prefixes(): string[] {
  return required('QUEUE_PREFIXES').split(',');
}

async function producer(batch: number, maxBacklog: number, jobLimit: number): Promise<void> {
  const redis = connection();
  const queues = prefixes().map((prefix) => new Queue(PARTITIONED_QUEUE, { connection: redis, prefix }));
  await Promise.all(queues.map((q) => q.waitUntilReady()));
  const options = jobOptionsFor(QUEUE_NAMES.interactions);
  let stopping = false;
  let added = 0;
  let failures = 0;
  process.once('SIGTERM', () => {
    stopping = true;
  });
  const take = (): number => {
    const n = jobLimit > 0 ? Math.min(batch, jobLimit - added) : batch;
    added += Math.max(0, n);
    return n;
  };
  // Two batches in flight per partition: one travels while Redis runs the other.
  const fill = async (queue: Queue, partition: number): Promise<void> => {
    const waitKey = `${queue.opts.prefix}:${PARTITIONED_QUEUE}:wait`;
    while (!stopping) {
      if ((await redis.llen(waitKey)) >= maxBacklog) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      const first = added;
      const n = take();
      if (n <= 0) return;
      const now = Date.now();
      const jobs = Array.from({ length: n }, (_, i) => ({
        name: 'interaction',
        data: { ...SAMPLE_INTERACTION_JOB, receivedAtMs: now },
        opts: { ...options, jobId: `p${partition}-${process.pid}-${first + i}` },
      }));
      try {
        await queue.addBulk(jobs);
      } catch (error) {
        // Counted and reported: the exactly-once check then fails with the cause in the producer's line.
        failures += n;
        print({ partitions: 'add failed', error: String(error) });
      }
    }
  };
  print({ partitions: 'ready' });
  await Promise.all(queues.flatMap((q, i) => [fill(q, i), fill(q, i)]));
  print({ partitions: 'done', added, failures });
  await Promise.all(queues.map((q) => q.close()));
  redis.disconnect();
}

async function consumer(concurrency: number, reportIds: boolean): Promise<void> {
  const redis = connection();
  let processed = 0;
  let duplicates = 0;
  const seen = new Set<string>();
  const workers = prefixes().map(
    (prefix) =>
      new Worker(
        PARTITIONED_QUEUE,
        (job) => {
          processed++;
          if (job.id !== undefined) {
            if (seen.has(job.id)) duplicates++;
            seen.add(job.id);
          }
          return Promise.resolve();
        },
        { connection: redis, prefix, concurrency, ...retentionFor(QUEUE_NAMES.interactions) },
      ),
  );
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  print({ partitions: 'ready' });
  const counter = setInterval(() => print({ partitions: 'count', t: Date.now(), processed }), COUNT_EVERY_MS);
  process.once('SIGTERM', () => {
    clearInterval(counter);
    void Promise.all(workers.map((w) => w.close())).then(() => {
      print({ partitions: 'done', processed, duplicates, ...(reportIds && { ids: [...seen] }) });
      redis.disconnect();
    });
  });
  await Promise.all(workers.map((w) => once(w, 'closed')));
}

async function main(): Promise<void> {
  const [role, a, b, c] = process.argv.slice(2);
  if (role === 'producer') return producer(Number(a), Number(b), Number(c));
  if (role === 'consumer') return consumer(Number(a), b === '1');
  throw new Error(
    'expected "producer BATCH MAX_BACKLOG JOB_LIMIT" or "consumer CONCURRENCY REPORT_IDS", got ' +
      process.argv.slice(2).join(' '),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `queue partitions failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
