import { RedisQueueDepth, type Logger, type ScriptDefiningRedis } from '@droas/runtime';

export interface QueueLagOptions {
  /** The queues' connection (commands fail fast while Redis is away). */
  redis: ScriptDefiningRedis;
  /** The queues' BullMQ prefix. */
  prefix: string;
  queue: string;
  /** The queue is behind while its oldest waiting job is older than this. */
  behindAfterMs: number;
  /** How often the oldest waiting job is looked at. @defaultValue 250 */
  intervalMs?: number;
  logger: Logger;
  /** Told each time the state flips. */
  onChange?: (behind: boolean) => void;
  now?: () => number;
}

/**
 * Whether a queue is behind: its oldest waiting job has waited longer than `behindAfterMs`. The gateway asks
 * before arming the acknowledgement guard, and while the queue is behind the guard defers at once instead of
 * at its fire time: a new interaction will wait at least as long as the oldest one has, so no worker will
 * claim it sooner, and a deferral started at once has the whole 3 s to land even if this process stalls.
 * One read every `intervalMs` ({@link RedisQueueDepth}, as the workers' queue gauges). A read that fails leaves the
 * state as it was; the guard's own fire time covers a Redis that cannot be read.
 */
export class QueueLag {
  readonly #o: Required<Omit<QueueLagOptions, 'onChange'>> & Pick<QueueLagOptions, 'onChange'>;
  readonly #depth: RedisQueueDepth;
  #behind = false;
  #timer: NodeJS.Timeout | undefined;
  #probing = false;

  constructor(options: QueueLagOptions) {
    if (!Number.isFinite(options.behindAfterMs) || options.behindAfterMs <= 0) {
      throw new RangeError(`behindAfterMs must be positive, got ${options.behindAfterMs}`);
    }
    this.#o = { intervalMs: 250, now: Date.now, ...options };
    this.#depth = new RedisQueueDepth(options.redis, options.prefix);
  }

  /** Whether the oldest waiting job was older than `behindAfterMs` at the last look. */
  get behind(): boolean {
    return this.#behind;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.probe(), this.#o.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One look now (the timer calls it; tests may too). Resolves with the state after it. */
  async probe(): Promise<boolean> {
    if (this.#probing) return this.#behind;
    this.#probing = true;
    try {
      const { oldestWaitingAtMs } = await this.#depth.read(this.#o.queue);
      const behind =
        oldestWaitingAtMs !== undefined && this.#o.now() - oldestWaitingAtMs > this.#o.behindAfterMs;
      this.#set(behind);
    } catch (error) {
      this.#o.logger.debug({ err: error, queue: this.#o.queue }, 'could not read the queue’s oldest job');
    } finally {
      this.#probing = false;
    }
    return this.#behind;
  }

  #set(behind: boolean): void {
    if (behind === this.#behind) return;
    this.#behind = behind;
    this.#o.logger.info(
      { queue: this.#o.queue, behindAfterMs: this.#o.behindAfterMs },
      behind
        ? 'queue behind: the acknowledgement guard defers new interactions at once'
        : 'queue caught up: the guard defers at its fire time again',
    );
    this.#o.onChange?.(behind);
  }
}
