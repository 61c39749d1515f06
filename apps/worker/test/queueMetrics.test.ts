import { QUEUE_NAMES } from '@droas/contracts';
import { startSimulator, type Simulator } from '@droas/discord-sim';
import {
  createTestDatabase,
  eventually,
  parsePrometheusText,
  samplesOf,
  startPrivateRedis,
  startWorker,
  type PrivateRedis,
  type PrometheusExposition,
  type RunningWorker,
  type TestDatabase,
} from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

const PREFIX = 'qm';
const WAITING = 7;
const DELAYED = 4;
const PRIORITIZED = 3;
const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;

// What the autoscaler and the backlog alerts read: the queue gauges of a real worker, checked against
// BullMQ's own counts of the same Redis. A private Redis, because the last test stops it.
describe('queue gauges on a worker’s /metrics', () => {
  let redis: PrivateRedis;
  let client: Redis;
  let sim: Simulator;
  let db: TestDatabase;
  let worker: RunningWorker;
  const queues = new Map<string, Queue>();
  const queue = (name: string) => queues.get(name)!;
  const scrape = async (): Promise<PrometheusExposition> => {
    const res = await fetch(`${worker.opsUrl}/metrics`);
    expect(res.status).toBe(200);
    return parsePrometheusText(await res.text());
  };

  beforeAll(async () => {
    redis = await startPrivateRedis({ appendFsync: 'no' });
    client = new Redis(redis.url, { maxRetriesPerRequest: null });
    client.on('error', () => {}); // the last test stops the server
    for (const name of Object.values(QUEUE_NAMES)) {
      const q = new Queue(name, { connection: client, prefix: PREFIX });
      q.on('error', () => {}); // the last test stops the server
      queues.set(name, q);
    }
    // Held queues: no replica takes these jobs while the test counts them.
    await queue(QUEUE_NAMES.interactions).pause();
    await queue(QUEUE_NAMES.greetingFlushes).pause();
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 2 } });
    db = await createTestDatabase();
    worker = await startWorker({ discord: sim, redisUrl: redis.url, prefix: PREFIX, databaseUrl: db.url });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([...queues.values()].map((q) => q.close()));
    client?.disconnect();
    await sim?.close();
    await db?.drop();
    await redis?.close();
  });

  it('exports every state of every queue it consumes, as Redis holds them, and the oldest waiting job’s age', async () => {
    // member-events runs: an invalid job fails for good (failed), jobs due in an hour wait (delayed).
    const members = queue(QUEUE_NAMES.memberEvents);
    await members.add(QUEUE_NAMES.memberEvents, { kind: 'member-join', v: 1 }, { jobId: 'bad-join' });
    await eventually(async () => ((await members.getJobState('bad-join')) === 'failed' ? true : undefined));
    for (let i = 0; i < DELAYED; i++)
      await members.add(QUEUE_NAMES.memberEvents, { n: i }, { jobId: `later-${i}`, delay: 3_600_000 });
    // greeting-flushes is held: jobs with a priority wait in the prioritized set.
    for (let i = 0; i < PRIORITIZED; i++)
      await queue(QUEUE_NAMES.greetingFlushes).add('flush', { n: i }, { jobId: `p-${i}`, priority: i + 1 });
    // interactions is held: jobs wait in the wait list, the first one oldest.
    const beforeFirst = Date.now();
    await queue(QUEUE_NAMES.interactions).add(QUEUE_NAMES.interactions, { n: 0 }, { jobId: 'w-0' });
    const afterFirst = Date.now();
    for (let i = 1; i < WAITING; i++)
      await queue(QUEUE_NAMES.interactions).add(QUEUE_NAMES.interactions, { n: i }, { jobId: `w-${i}` });
    await new Promise((r) => setTimeout(r, 1_200));

    const scrapeStarted = Date.now();
    const e = await scrape();
    const scrapeEnded = Date.now();

    expect(e.types.get('droas_queue_jobs')).toBe('gauge');
    expect(e.types.get('droas_queue_oldest_waiting_age_seconds')).toBe('gauge');
    expect(e.types.get('droas_queue_scrape_errors_total')).toBe('counter');
    for (const name of Object.values(QUEUE_NAMES)) {
      const counts = await queue(name).getJobCounts(...STATES);
      for (const state of STATES) {
        const series = samplesOf(e, 'droas_queue_jobs', { queue: name, state });
        expect([name, state, series.map((s) => s.value)]).toEqual([name, state, [counts[state]]]);
      }
    }
    const jobs = (queueName: string, state: string) =>
      samplesOf(e, 'droas_queue_jobs', { queue: queueName, state })[0]?.value;
    expect(jobs(QUEUE_NAMES.interactions, 'waiting')).toBe(WAITING);
    expect(jobs(QUEUE_NAMES.memberEvents, 'delayed')).toBe(DELAYED);
    expect(jobs(QUEUE_NAMES.memberEvents, 'failed')).toBe(1);
    expect(jobs(QUEUE_NAMES.greetingFlushes, 'prioritized')).toBe(PRIORITIZED);

    const age = (queueName: string) =>
      samplesOf(e, 'droas_queue_oldest_waiting_age_seconds', { queue: queueName }).map((s) => s.value);
    const [interactionsAge] = age(QUEUE_NAMES.interactions);
    // The first job was created between beforeFirst and afterFirst, and read between the scrape's ends.
    expect(interactionsAge).toBeGreaterThanOrEqual((scrapeStarted - afterFirst) / 1000);
    expect(interactionsAge).toBeLessThanOrEqual((scrapeEnded - beforeFirst) / 1000);
    expect(interactionsAge).toBeGreaterThanOrEqual(1.2);
    // Nothing waits in the wait list of the others (delayed and prioritized jobs are not "waiting").
    expect(age(QUEUE_NAMES.memberEvents)).toEqual([0]);
    expect(age(QUEUE_NAMES.greetingFlushes)).toEqual([0]);
    expect(samplesOf(e, 'droas_worker_paused').map((s) => s.value)).toEqual([0]);
  });

  it('still answers while Redis is down, without the queue series, counting the failed reads', async () => {
    await redis.stop();
    try {
      const e = await scrape();
      expect(samplesOf(e, 'droas_queue_jobs')).toEqual([]);
      expect(samplesOf(e, 'droas_queue_oldest_waiting_age_seconds')).toEqual([]);
      for (const name of Object.values(QUEUE_NAMES)) {
        const [errors] = samplesOf(e, 'droas_queue_scrape_errors_total', { queue: name });
        expect([name, (errors?.value ?? 0) >= 1]).toEqual([name, true]);
      }
      // The rest of the process's metrics are still there.
      expect(samplesOf(e, 'droas_worker_paused')).toHaveLength(1);
    } finally {
      await redis.start();
    }
    await eventually(
      async () => (samplesOf(await scrape(), 'droas_queue_jobs').length === 15 ? true : undefined),
      20_000,
      'queue series back after Redis restarted',
    );
  });
});
