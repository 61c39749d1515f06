import { jobOptionsFor, QUEUE_NAMES } from '@droas/contracts';
import { createLogger, Metrics } from '@droas/runtime';
import { createGatewayMetrics } from './gatewayMetrics.js';
import { OrderedProducer, type OrderedProducerOptions } from './orderedProducer.js';
import type { Delivery, DeliveryWindow } from './redisDeliveryWindow.js';

/** What RedisDeliveryWindow keeps, in memory: the first token each job id was recorded with. */
class MemoryDeliveryWindow implements DeliveryWindow {
  readonly owners = new Map<string, string>();
  failing = false;

  record(deliveries: readonly Delivery[]): Promise<number> {
    if (this.failing) return Promise.reject(new Error('Connection is closed.'));
    let duplicates = 0;
    for (const { jobId, token } of deliveries) {
      const owner = this.owners.get(jobId);
      if (owner === undefined) this.owners.set(jobId, token);
      else if (owner !== token) duplicates++;
    }
    return Promise.resolve(duplicates);
  }
}

/** A queue that keeps each job id once, as BullMQ does; `failNext` makes sends fail after they landed. */
class FakeQueue {
  readonly name = QUEUE_NAMES.interactions;
  readonly jobs = new Map<string, unknown>();
  failNext = 0;

  addBulk(jobs: { data: unknown; opts: { jobId: string } }[]): Promise<never[]> {
    for (const job of jobs) if (!this.jobs.has(job.opts.jobId)) this.jobs.set(job.opts.jobId, job.data);
    if (this.failNext > 0) {
      this.failNext--;
      return Promise.reject(new Error('Connection is closed.'));
    }
    return Promise.resolve([]);
  }
}

function setup() {
  const queue = new FakeQueue();
  const deliveries = new MemoryDeliveryWindow();
  const metrics = createGatewayMetrics(new Metrics({ collectDefaults: false }));
  // Lingers, so what a test submits at once goes in one batch.
  const producer = (window: DeliveryWindow = deliveries) =>
    new OrderedProducer({
      queue: queue as unknown as OrderedProducerOptions['queue'],
      jobOptions: jobOptionsFor(QUEUE_NAMES.interactions),
      logger: createLogger({ name: 'test', level: 'silent' }),
      metrics,
      deliveries: window,
      lingerMs: 5,
      retryDelayMs: 1,
    });
  const duplicatesCounted = async () =>
    (await metrics.duplicateEvents.get()).values.reduce((sum, v) => sum + v.value, 0);
  return { queue, deliveries, metrics, producer, duplicatesCounted };
}

describe('OrderedProducer duplicate count', () => {
  it('counts an id submitted again in a later batch, once', async () => {
    const t = setup();
    const p = t.producer();
    p.submit('ix-1', {}, 0);
    p.submit('ix-2', {}, 0);
    await p.drain(1_000);
    p.submit('ix-2', {}, 0);
    p.submit('ix-3', {}, 0);
    await p.drain(1_000);
    expect(await t.duplicatesCounted()).toBe(1);
    expect([...t.queue.jobs.keys()]).toEqual(['ix-1', 'ix-2', 'ix-3']);
  });

  it('counts the ids another producer submitted first, and never its own retries', async () => {
    const t = setup();
    const first = t.producer();
    const second = t.producer();
    first.submit('ix-1', {}, 0);
    await first.drain(1_000);
    // Both sends of the batch land in the queue and the window, but the first answer is lost.
    t.queue.failNext = 1;
    second.submit('ix-2', {}, 0);
    second.submit('ix-1', {}, 0);
    second.submit('ix-3', {}, 0);
    await second.drain(1_000);
    expect(t.queue.failNext).toBe(0);
    expect(await t.duplicatesCounted()).toBe(1);
    expect(t.queue.jobs.size).toBe(3);
  });

  it('still stores the batch when the record fails, uncounted', async () => {
    const t = setup();
    t.deliveries.failing = true;
    const p = t.producer();
    p.submit('ix-1', {}, 0);
    p.submit('ix-1', {}, 0);
    await p.drain(1_000);
    expect(p.stored).toBe(2);
    expect(await t.duplicatesCounted()).toBe(0);
  });
});

describe('OrderedProducer on a replicated Redis', () => {
  function replicatedSetup(answers: (boolean | 'none')[]) {
    const queue = new FakeQueue();
    const metrics = createGatewayMetrics(new Metrics({ collectDefaults: false }));
    const asked: number[] = [];
    const producer = new OrderedProducer({
      queue: queue as unknown as OrderedProducerOptions['queue'],
      jobOptions: jobOptionsFor(QUEUE_NAMES.interactions),
      logger: createLogger({ name: 'test', level: 'silent' }),
      metrics,
      lingerMs: 5,
      retryDelayMs: 1,
      replicated: () => {
        asked.push(queue.jobs.size);
        return Promise.resolve(answers.shift() ?? true);
      },
    });
    const count = async (m: { get(): Promise<{ values: { value: number }[] }> }) =>
      (await m.get()).values.reduce((sum, v) => sum + v.value, 0);
    return { queue, metrics, producer, asked, count };
  }

  it('keeps a batch no replica confirmed, sends it again, and stores it once one does', async () => {
    const t = replicatedSetup([false, false, true]);
    t.producer.submit('ix-1', {}, 0);
    t.producer.submit('ix-2', {}, 0);
    await t.producer.drain(1_000);
    expect(t.asked).toEqual([2, 2, 2]);
    expect(t.producer.stored).toBe(2);
    expect([...t.queue.jobs.keys()]).toEqual(['ix-1', 'ix-2']);
    expect(await t.count(t.metrics.enqueueErrors)).toBe(2);
    expect(await t.count(t.metrics.unreplicatedBatches)).toBe(0);
  });

  it('takes a batch as stored when its primary has no replica, and counts it', async () => {
    const t = replicatedSetup(['none']);
    t.producer.submit('ix-1', {}, 0);
    await t.producer.drain(1_000);
    expect(t.producer.stored).toBe(1);
    expect(await t.count(t.metrics.unreplicatedBatches)).toBe(1);
    expect(await t.count(t.metrics.enqueueErrors)).toBe(0);
  });
});
