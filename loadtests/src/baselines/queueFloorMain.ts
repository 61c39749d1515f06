// The queue-floor baseline's processes: `producer RATE DURATION_MS` adds empty interaction-sized jobs to a
// BullMQ queue at RATE per second, batched per 10 ms tick as the gateway batches them, then prints what it
// added and its own CPU; `consumer CONCURRENCY` takes them with a BullMQ Worker whose processor does nothing,
// with the retention and lock settings DROAS's interaction workers use, until SIGTERM. Started by
// `runQueueFloor`; each prints one JSON line when ready and one when done.
import { once } from 'node:events';
import { JOB_POLICY, QUEUE_NAMES, jobOptionsFor, retentionFor } from '@droas/contracts';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { SAMPLE_INTERACTION_JOB } from './sampleInteractionJob.js';

const QUEUE = 'queue-floor';
const TICK_MS = 10;

function print(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function connection(): Redis {
  const url = process.env['REDIS_URL'];
  if (!url) throw new Error('REDIS_URL is required');
  return new Redis(url, { maxRetriesPerRequest: null });
}

function prefix(): string {
  return process.env['REDIS_PREFIX'] ?? 'droas-floor';
}

async function producer(ratePerSec: number, durationMs: number): Promise<void> {
  const redis = connection();
  const queue = new Queue(QUEUE, { connection: redis, prefix: prefix() });
  await queue.waitUntilReady();
  print({ floor: 'ready' });
  const options = jobOptionsFor(QUEUE_NAMES.interactions);
  const cpu = process.cpuUsage();
  const started = performance.now();
  let added = 0;
  let owed = 0;
  let next = started;
  while (performance.now() - started < durationMs) {
    owed += (ratePerSec * TICK_MS) / 1000;
    const batch = Math.floor(owed);
    owed -= batch;
    if (batch > 0) {
      const now = Date.now();
      const jobs = Array.from({ length: batch }, (_, i) => ({
        name: 'interaction',
        data: { ...SAMPLE_INTERACTION_JOB, receivedAtMs: now },
        opts: { ...options, jobId: `floor:${process.pid}:${added + i}` },
      }));
      added += batch;
      // Not awaited, as the gateway's producer does not hold its intake for Redis's answer.
      void queue
        .addBulk(jobs)
        .catch((error: unknown) => print({ floor: 'add failed', error: String(error) }));
    }
    next += TICK_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
  }
  const used = process.cpuUsage(cpu);
  print({ floor: 'done', added, cpuMs: (used.user + used.system) / 1000 });
  await queue.close();
  redis.disconnect();
}

async function consumer(concurrency: number): Promise<void> {
  const redis = connection();
  const waits: number[] = [];
  const worker = new Worker(
    QUEUE,
    (job) => {
      waits.push(Date.now() - job.timestamp);
      return Promise.resolve({ answered: true });
    },
    {
      connection: redis,
      prefix: prefix(),
      concurrency,
      ...retentionFor(QUEUE_NAMES.interactions),
    },
  );
  await worker.waitUntilReady();
  print({ floor: 'ready', keepCompleted: JOB_POLICY.interactions.keepCompleted });
  process.once('SIGTERM', () => {
    void worker.close().then(() => {
      print({ floor: 'done', processed: waits.length, waitsMs: waits });
      redis.disconnect();
    });
  });
  await once(worker, 'closed');
}

async function main(): Promise<void> {
  const [role, a, b] = process.argv.slice(2);
  if (role === 'producer') return producer(Number(a), Number(b));
  if (role === 'consumer') return consumer(Number(a));
  throw new Error(
    `expected "producer RATE DURATION_MS" or "consumer CONCURRENCY", got ${process.argv.slice(2).join(' ')}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `queue floor failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
