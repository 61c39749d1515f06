import { createHash, randomBytes } from 'node:crypto';
import type { Logger, RedisNamespace } from '@droas/runtime';
import type { Redis } from 'ioredis';
import type { GatewayMetrics } from './gatewayMetrics.js';

export interface RedisIdentifyThrottlerOptions {
  redis: Pick<Redis, 'set' | 'pttl'>;
  /** From GET /gateway/bot: how many shards may identify per 5 s, one per `shardId % maxConcurrency` bucket. */
  maxConcurrency: number;
  /**
   * The identify leases' namespace (`droas:identify`). The bot's own part is added here from its token's
   * hash, so two bots sharing a Redis never share a slot and no key shows the token.
   */
  namespace: RedisNamespace;
  /** The bot token, hashed into the keys. */
  token: string;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Discord's window per bucket, plus a margin for clock and network skew. @defaultValue 5250 */
  windowMs?: number;
}

/**
 * discord.js's own identify throttler only knows about the shards of its process; every cluster process, and
 * every host, would identify on its own schedule and collide in Discord's per-bucket window (the connection
 * gets op 9 and retries, burning daily session starts). This one takes a lease in Redis per bucket, shared
 * by the whole fleet: `SET NX PX window` succeeds for one shard per bucket per window. It plugs into
 * discord.js through the public `ws.buildIdentifyThrottler` option.
 */
export class RedisIdentifyThrottler {
  readonly #o: RedisIdentifyThrottlerOptions & { windowMs: number };
  readonly #owner = randomBytes(6).toString('hex');
  readonly #bot: string;

  constructor(options: RedisIdentifyThrottlerOptions) {
    if (!Number.isInteger(options.maxConcurrency) || options.maxConcurrency < 1) {
      throw new RangeError(`maxConcurrency must be ≥ 1, got ${options.maxConcurrency}`);
    }
    this.#o = { windowMs: 5250, ...options };
    this.#bot = createHash('sha256').update(options.token).digest('hex').slice(0, 16);
  }

  async waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> {
    const bucket = shardId % this.#o.maxConcurrency;
    const key = this.#o.namespace.key(this.#bot, bucket);
    const started = performance.now();
    for (;;) {
      signal.throwIfAborted();
      let waitMs: number;
      try {
        const won = await this.#o.redis.set(key, `${this.#owner}:${shardId}`, 'PX', this.#o.windowMs, 'NX');
        if (won === 'OK') break;
        const ttl = await this.#o.redis.pttl(key);
        waitMs = ttl > 0 ? ttl : 50;
      } catch (error) {
        // Without Redis there is no fleet-wide view; wait a full window, which keeps this process within the
        // limit on its own, and try again.
        this.#o.logger.warn({ err: error, shardId }, 'identify lease unavailable; waiting a full window');
        waitMs = this.#o.windowMs;
      }
      await abortableSleep(waitMs + Math.floor(Math.random() * 50), signal);
    }
    this.#o.metrics.identifyWaitSeconds.observe((performance.now() - started) / 1000);
  }
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
