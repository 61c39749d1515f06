/** The one command of a Redis client the reader uses (ioredis's `defineCommand`, on a client or a cluster). */
export interface ScriptDefiningRedis {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
}

/** The states of a queue the worker exports, as `droas_queue_jobs{state}` names them. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** One queue's jobs by state, as Redis holds them at one instant. */
export type QueueDepth = Record<QueueState, number> & {
  /** BullMQ's `timestamp` (ms since the epoch, the producer's clock) of the next waiting job; undefined when none waits. */
  oldestWaitingAtMs: number | undefined;
};

/** Where queue depths come from: Redis in production, a fake in unit tests. */
export interface QueueDepthSource {
  read(queue: string): Promise<QueueDepth>;
}

/**
 * Counts and the next waiting job's timestamp in one round trip, from BullMQ 6's keys (`classes/queue-keys.js`):
 * `wait` and `active` are lists, `delayed`, `prioritized` and `failed` sorted sets. Jobs are LPUSHed onto
 * `wait` and taken from its tail, so the tail is the oldest waiting job; its hash `<prefix>:<queue>:<id>`
 * holds `timestamp`. The `marker` sorted set only wakes blocked workers and holds no jobs; `paused` is a
 * pre-v5 list BullMQ 6 no longer fills (a paused queue keeps its jobs in `wait`). The job hash is not a
 * declared key: on Redis Cluster it shares the queue's hash tag, as BullMQ's own scripts assume.
 */
export const QUEUE_DEPTH_SCRIPT = `
local nextId = redis.call('LINDEX', KEYS[1], -1)
local timestamp = ''
if nextId then
  timestamp = redis.call('HGET', ARGV[1] .. nextId, 'timestamp') or ''
end
return {
  redis.call('LLEN', KEYS[1]),
  redis.call('LLEN', KEYS[2]),
  redis.call('ZCARD', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5]),
  timestamp
}`;

const COMMAND = 'droasQueueDepth';

// ioredis adds a method per defineCommand at runtime; this names the one method we add (see RedisTokenBucket).
interface WithDepthCommand {
  [COMMAND](...keysThenArgs: string[]): Promise<unknown>;
}

/**
 * Reads queue depths under one BullMQ prefix with {@link QUEUE_DEPTH_SCRIPT}: the workers' queue gauges and
 * the gateway's look at how far behind the interactions queue is.
 */
export class RedisQueueDepth implements QueueDepthSource {
  readonly #redis: WithDepthCommand;
  readonly #prefix: string;

  /** `redis` is shared and stays the caller's to close; `prefix` is the queues' BullMQ `prefix`. */
  constructor(redis: ScriptDefiningRedis, prefix: string) {
    redis.defineCommand(COMMAND, { numberOfKeys: 5, lua: QUEUE_DEPTH_SCRIPT });
    this.#redis = redis as unknown as WithDepthCommand;
    this.#prefix = prefix;
  }

  async read(queue: string): Promise<QueueDepth> {
    // BullMQ's key layout (its `QueueKeys.toKey`): `<prefix>:<queue>:<type>`; type '' is the job hashes' stem.
    const key = (type: string) => `${this.#prefix}:${queue}:${type}`;
    const reply = await this.#redis[COMMAND](
      key('wait'),
      key('active'),
      key('delayed'),
      key('prioritized'),
      key('failed'),
      key(''),
    );
    return parseQueueDepthReply(reply);
  }
}

/** The script's reply as a {@link QueueDepth}; a `TypeError` for anything else. */
export function parseQueueDepthReply(reply: unknown): QueueDepth {
  if (Array.isArray(reply) && reply.length === 6) {
    const [waiting, active, delayed, prioritized, failed, timestamp] = reply as unknown[];
    const counts = [waiting, active, delayed, prioritized, failed];
    if (
      counts.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0) &&
      typeof timestamp === 'string'
    ) {
      const at = timestamp === '' ? undefined : Number(timestamp);
      if (at === undefined || Number.isFinite(at)) {
        return {
          waiting: waiting as number,
          active: active as number,
          delayed: delayed as number,
          prioritized: prioritized as number,
          failed: failed as number,
          oldestWaitingAtMs: at,
        };
      }
    }
  }
  throw new TypeError(`unexpected queue depth script reply: ${JSON.stringify(reply)}`);
}
