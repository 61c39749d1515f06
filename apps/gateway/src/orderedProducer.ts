import { randomBytes } from 'node:crypto';
import type { jobOptionsFor } from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import type { Queue } from 'bullmq';
import type { GatewayMetrics } from './gatewayMetrics.js';
import type { DeliveryWindow } from './redisDeliveryWindow.js';
import { stripUndefined } from './stripUndefined.js';

export interface OrderedProducerOptions {
  queue: Pick<Queue, 'addBulk' | 'name'>;
  /** Attempts, backoff and retention of the jobs: the queue's `JOB_POLICY`, shared with the workers. */
  jobOptions: ReturnType<typeof jobOptionsFor>;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Jobs held while Redis is unreachable; past this, new jobs are refused (counted and logged). @defaultValue 50000 */
  maxBufferedJobs?: number;
  /** Jobs sent in one round trip. @defaultValue 500 */
  maxBatchSize?: number;
  /**
   * Wait this long before sending a batch that is not full, so a burst shares one round trip. 2 ms doubled
   * jobs per round trip in the gateway benchmark but changed CPU per event within noise, so it is off.
   * @defaultValue 0
   */
  lingerMs?: number;
  /** Wait before retrying after a failed send, doubling up to maxRetryDelayMs. @defaultValue 100 */
  retryDelayMs?: number;
  /** @defaultValue 2000 */
  maxRetryDelayMs?: number;
  /**
   * Where each batch's job ids are recorded to count the ones delivered twice anywhere in the fleet
   * (`gateway_duplicate_events_total`): a `RedisDeliveryWindow` on the queue's connection. Without it,
   * duplicates are still enqueued once but not counted.
   */
  deliveries?: DeliveryWindow;
  /**
   * Asks, after each batch Redis took, whether a replica holds it too (a `WAIT` on the primary's connection:
   * {@link replicaConfirmation}). A batch only its primary holds is lost if that primary dies before
   * replicating it, and its sequence must not be checkpointed: until a replica confirms, the batch stays at
   * the head and is sent again (its job ids make that a no-op), with backoff. Resolves `false` when no replica
   * confirmed in time, or `'none'` when the primary has no replica at all (just after a failover): then
   * waiting would stop the gateway, so the batch is taken as stored and counted in
   * `gateway_unreplicated_batches_total`. Unset (a single Redis), a batch is stored once Redis answers.
   */
  replicated?: () => Promise<boolean | 'none'>;
  now?: () => number;
}

export const DefaultOrderedProducerOptions = {
  maxBufferedJobs: 50_000,
  maxBatchSize: 500,
  lingerMs: 0,
  retryDelayMs: 100,
  maxRetryDelayMs: 2_000,
} as const satisfies Partial<OrderedProducerOptions>;

type Tunables = Required<
  Omit<OrderedProducerOptions, 'queue' | 'logger' | 'metrics' | 'deliveries' | 'replicated' | 'now'>
>;

interface Pending {
  jobId: string;
  data: object;
  receivedAtMs: number;
  /** Which submit() this was, so every send of it records the same delivery token. */
  submission: number;
}

/**
 * Puts jobs on one BullMQ queue in the order they were submitted, whether Redis is up or not. Every job
 * passes through one FIFO; a single pump sends the head of it in batches (one round trip per batch, so a
 * burst costs a few round trips, not one per job) and removes a batch only once Redis has it. While Redis
 * is unreachable the FIFO grows, up to a bound, and the pump retries with backoff; when Redis returns it
 * drains in order. Re-sending a batch that did reach Redis is harmless: job ids are deterministic and
 * BullMQ ignores an id it already has.
 *
 * The same event delivered twice (two sessions on one shard, a RESUME replaying what is already enqueued) is
 * one job for the same reason, and counted here as a duplicate: see {@link OrderedProducerOptions.deliveries}.
 */
export class OrderedProducer {
  readonly #o: Tunables;
  readonly #queue: OrderedProducerOptions['queue'];
  readonly #logger: Logger;
  readonly #metrics: GatewayMetrics;
  // Bound once: these are touched per job, and prom-client hashes a label object on every call.
  readonly #enqueueSeconds: ReturnType<GatewayMetrics['enqueueSeconds']['labels']>;
  readonly #bufferDepth: ReturnType<GatewayMetrics['bufferDepth']['labels']>;
  readonly #duplicates: ReturnType<GatewayMetrics['duplicateEvents']['labels']>;
  readonly #deliveries: DeliveryWindow | undefined;
  readonly #replicated: (() => Promise<boolean | 'none'>) | undefined;
  readonly #unreplicated: ReturnType<GatewayMetrics['unreplicatedBatches']['labels']>;
  /** Names this producer in delivery tokens (`<instance>:<submission>`), apart from every other in the fleet. */
  readonly #instance = randomBytes(6).toString('base64url');
  #recordFailing = false;
  readonly #now: () => number;
  #items: Pending[] = [];
  #head = 0;
  #pumping = false;
  #failing = false;
  #refusedSinceLog = 0;
  #closed = false;
  #drainWaiters: (() => void)[] = [];
  #submitted = 0;
  #stored = 0;
  readonly #storedListeners: (() => void)[] = [];

  constructor(options: OrderedProducerOptions) {
    this.#o = {
      ...DefaultOrderedProducerOptions,
      ...stripUndefined(options),
      jobOptions: options.jobOptions,
    };
    this.#queue = options.queue;
    this.#logger = options.logger;
    this.#metrics = options.metrics;
    this.#enqueueSeconds = options.metrics.enqueueSeconds.labels({ queue: options.queue.name });
    this.#bufferDepth = options.metrics.bufferDepth.labels({ queue: options.queue.name });
    this.#duplicates = options.metrics.duplicateEvents.labels({ queue: options.queue.name });
    this.#deliveries = options.deliveries;
    this.#replicated = options.replicated;
    this.#unreplicated = options.metrics.unreplicatedBatches.labels({ queue: options.queue.name });
    this.#now = options.now ?? Date.now;
  }

  /** Jobs waiting to reach Redis. */
  get depth(): number {
    return this.#items.length - this.#head;
  }

  /** Jobs accepted by submit() since the start. */
  get submitted(): number {
    return this.#submitted;
  }

  /**
   * Jobs Redis has acknowledged since the start. Jobs are stored in submit order, so every job up to the
   * `stored`-th submitted one is in Redis: a position taken from `submitted` is safe once `stored` reaches it.
   */
  get stored(): number {
    return this.#stored;
  }

  /** Calls `listener` after each batch Redis acknowledged. */
  onStored(listener: () => void): void {
    this.#storedListeners.push(listener);
  }

  /** Queues a job for sending. Returns false when the buffer is full and the job was refused. */
  submit(jobId: string, data: object, receivedAtMs: number): boolean {
    if (this.#closed) throw new Error(`producer for ${this.#queue.name} is closed`);
    if (this.depth >= this.#o.maxBufferedJobs) {
      this.#metrics.bufferRefused.inc({ queue: this.#queue.name });
      // One line per second at most: a full buffer under load would otherwise write thousands.
      if (this.#refusedSinceLog++ === 0) {
        setTimeout(() => {
          this.#logger.error(
            {
              queue: this.#queue.name,
              refused: this.#refusedSinceLog,
              maxBufferedJobs: this.#o.maxBufferedJobs,
            },
            'enqueue buffer full: refusing events until Redis drains it',
          );
          this.#refusedSinceLog = 0;
        }, 1000).unref();
      }
      return false;
    }
    this.#items.push({ jobId, data, receivedAtMs, submission: this.#submitted });
    this.#submitted++;
    this.#bufferDepth.set(this.depth);
    if (!this.#pumping) {
      this.#pumping = true;
      void this.#pump().finally(() => {
        this.#pumping = false;
      });
    }
    return true;
  }

  /** Resolves once every submitted job is in Redis, or rejects after timeoutMs with the count left. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.depth === 0) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        new Promise<void>((resolve) => this.#drainWaiters.push(resolve)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `${this.depth} job(s) for ${this.#queue.name} still buffered after ${timeoutMs} ms`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops accepting jobs; what is buffered keeps draining until drain() or the process ends. */
  close(): void {
    this.#closed = true;
  }

  async #pump(): Promise<void> {
    let delayMs = this.#o.retryDelayMs;
    while (this.depth > 0) {
      if (this.#o.lingerMs > 0 && this.depth < this.#o.maxBatchSize) await sleep(this.#o.lingerMs);
      const batch = this.#items.slice(this.#head, this.#head + this.#o.maxBatchSize);
      // Sent unawaited, just ahead of addBulk on the same connection: both go out before either answer
      // returns, so counting costs no round trip. The order does not change the count: the script is atomic,
      // so of two gateways racing one id exactly one records it first and the other is told it is a
      // duplicate, whichever addBulk lands first. A failed send drops its answer; the retry records the same
      // tokens and is told the same (a send that reached Redis though its reply was lost is not its own
      // duplicate), and only the send Redis acknowledged is counted, so each batch once.
      const recorded = this.#recordDeliveries(batch);
      try {
        await this.#queue.addBulk(
          batch.map((p) => ({
            name: this.#queue.name,
            data: p.data,
            opts: { ...this.#o.jobOptions, jobId: p.jobId },
          })),
        );
        const replicated = await this.#replicated?.();
        if (replicated === false) throw new Error('no replica confirmed the batch in time');
        if (replicated === 'none') this.#unreplicated.inc();
      } catch (error) {
        if (!this.#failing) {
          this.#failing = true;
          this.#logger.warn(
            { err: error, queue: this.#queue.name, buffered: this.depth },
            'Redis unreachable: buffering jobs',
          );
        }
        this.#metrics.enqueueErrors.inc({ queue: this.#queue.name });
        await sleep(delayMs);
        delayMs = Math.min(delayMs * 2, this.#o.maxRetryDelayMs);
        continue;
      }
      if (this.#failing) {
        this.#failing = false;
        this.#logger.info(
          { queue: this.#queue.name, buffered: this.depth },
          'Redis reachable again: draining buffer',
        );
      }
      delayMs = this.#o.retryDelayMs;
      const sentAt = this.#now();
      for (const p of batch) this.#enqueueSeconds.observe((sentAt - p.receivedAtMs) / 1000);
      this.#metrics.jobsEnqueued.inc({ queue: this.#queue.name }, batch.length);
      this.#head += batch.length;
      this.#stored += batch.length;
      // Compact now and then instead of shifting on every send: O(1) amortised.
      if (this.#head > 4096 && this.#head * 2 > this.#items.length) {
        this.#items = this.#items.slice(this.#head);
        this.#head = 0;
      }
      this.#bufferDepth.set(this.depth);
      for (const listener of this.#storedListeners) listener();
      if (recorded) this.#countDuplicates(await recorded);
    }
    for (const wake of this.#drainWaiters.splice(0)) wake();
  }

  #recordDeliveries(batch: readonly Pending[]): Promise<number | Error> | undefined {
    if (!this.#deliveries) return undefined;
    const deliveries = batch.map((p) => ({
      jobId: p.jobId,
      token: `${this.#instance}:${p.submission.toString(36)}`,
    }));
    return this.#deliveries
      .record(deliveries)
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  }

  /**
   * A record that failed while its batch was stored leaves that batch uncounted, and its ids unrecorded (a
   * later delivery of one of them elsewhere is then taken for the first): it costs the count, never the jobs.
   */
  #countDuplicates(recorded: number | Error): void {
    if (typeof recorded === 'number') {
      if (recorded > 0) this.#duplicates.inc(recorded);
      this.#recordFailing = false;
    } else if (!this.#recordFailing) {
      this.#recordFailing = true;
      this.#logger.warn(
        { err: recorded, queue: this.#queue.name },
        'could not record deliveries: duplicates go uncounted until it works again',
      );
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
