import {
  QUEUE_STATES,
  type Logger,
  type Metrics,
  type QueueDepth,
  type QueueDepthSource,
} from '@droas/runtime';

/** One partition of one queue, and where to read its depth (a reader on that partition's prefix). */
export interface WatchedQueue {
  queue: string;
  partition: number;
  source: QueueDepthSource;
}

export interface QueueGaugeOptions {
  metrics: Metrics;
  /** The queues to export, e.g. every partition of every queue this worker consumes. */
  queues: readonly WatchedQueue[];
  logger: Logger;
  /** A scrape stops waiting for a queue's read after this long and leaves that queue out. @defaultValue 1000 */
  readTimeoutMs?: number;
  /** Milliseconds since the epoch, for job ages. @defaultValue `Date.now` */
  now?: () => number;
}

export const DefaultQueueGaugeOptions = {
  readTimeoutMs: 1000,
  now: Date.now,
} as const satisfies Partial<QueueGaugeOptions>;

/**
 * `droas_queue_jobs{queue,partition,state}` and `droas_queue_oldest_waiting_age_seconds{queue,partition}`, read
 * from Redis when
 * `/metrics` is scraped (prom-client `collect`), not on a timer: an idle replica costs Redis nothing, and a
 * scrape sees the queue as it is. Each scrape reads each queue once (one round trip), shared by both
 * gauges. A queue whose read fails or is slower than `readTimeoutMs` is left out of that scrape (a stale
 * backlog would keep an autoscaler adding replicas) and counted in `droas_queue_scrape_errors_total{queue}`;
 * the scrape itself always answers.
 *
 * The values are queue-wide, so every replica exports the same ones: aggregate across replicas with
 * `max by (queue, partition, state)`, never `sum`; then sum the partitions of a queue.
 */
export function registerQueueGauges(options: QueueGaugeOptions): void {
  const o = { ...DefaultQueueGaugeOptions, ...options };
  const failing = new Set<WatchedQueue>();

  const errors = o.metrics.counter({
    name: 'queue_scrape_errors_total',
    help: 'Reads of a queue for /metrics that failed or timed out (the queue was left out of that scrape)',
    labelNames: ['queue', 'partition'],
    // Waits for this scrape's reads, so their failures are in the same scrape.
    async collect() {
      await readAll();
    },
  });

  const labels = (w: WatchedQueue) => ({ queue: w.queue, partition: String(w.partition) });
  const readWithin = async (watched: WatchedQueue): Promise<QueueDepth | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const depth = await Promise.race([
        watched.source.read(watched.queue),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${o.readTimeoutMs} ms`)),
            o.readTimeoutMs,
          );
          timer.unref();
        }),
      ]);
      if (failing.delete(watched)) o.logger.info(labels(watched), 'queue depth readable again');
      return depth;
    } catch (error) {
      errors.inc(labels(watched));
      if (!failing.has(watched)) {
        failing.add(watched);
        o.logger.warn(
          { err: error, ...labels(watched) },
          'could not read queue depth; left out of /metrics until it can',
        );
      }
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  // prom-client starts every metric's collect in the same pass of one scrape: the first of the three starts
  // the reads, the others join them.
  let scrape: Promise<Map<WatchedQueue, QueueDepth | undefined>> | undefined;
  const readAll = () => {
    scrape ??= Promise.all(o.queues.map(async (q) => [q, await readWithin(q)] as const))
      .then((entries) => new Map(entries))
      .finally(() => {
        scrape = undefined;
      });
    return scrape;
  };

  o.metrics.gauge({
    name: 'queue_jobs',
    help: 'Jobs in the queue by state, queue-wide (every replica exports the same values: use max, not sum)',
    labelNames: ['queue', 'partition', 'state'],
    async collect() {
      const depths = await readAll();
      this.reset();
      for (const [watched, depth] of depths) {
        if (depth) for (const state of QUEUE_STATES) this.set({ ...labels(watched), state }, depth[state]);
      }
    },
  });
  o.metrics.gauge({
    name: 'queue_oldest_waiting_age_seconds',
    help: 'Age of the oldest waiting job (from its creation), 0 when none waits; queue-wide (use max, not sum)',
    labelNames: ['queue', 'partition'],
    async collect() {
      const depths = await readAll();
      this.reset();
      const now = o.now();
      for (const [watched, depth] of depths) {
        if (!depth) continue;
        const at = depth.oldestWaitingAtMs;
        this.set(labels(watched), at === undefined ? 0 : Math.max(0, now - at) / 1000);
      }
    },
  });
}
