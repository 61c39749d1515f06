import { ackTimingsEnvShape, checkAckTimingsConfig } from '@droas/ack-protocol';
import { checkRedisConfig, env, redisEnvShape } from '@droas/runtime';
import { z } from 'zod';

/** The worker's environment, parsed once at start. */
export const workerConfigShape = {
  ...redisEnvShape,
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  DB_POOL_MAX: env.int(1, 500).default(10),
  DISCORD_TOKEN: env.string().min(1, { error: 'expected the bot token' }),
  /** REST base without the version, e.g. the simulator's http://127.0.0.1:PORT/api. */
  DISCORD_API_URL: env.url(['http', 'https']).default('https://discord.com/api'),
  /** Requests per second this bot may send across every replica (Discord allows 50). */
  DISCORD_GLOBAL_PER_SECOND: env.int(1, 10_000).default(45),
  /**
   * Requests the global budget lets through at once; burst + rate per second must stay under the bot's limit
   * (48 of Discord's 50 by default). A bot granted a higher limit raises both.
   */
  DISCORD_GLOBAL_BURST: env.int(1, 10_000).default(3),
  INTERACTION_CONCURRENCY: env.int(1, 1_000).default(64),
  /** Member events (joins, leaves, screening) in flight per replica. */
  MEMBER_EVENT_CONCURRENCY: env.int(1, 1_000).default(16),
  /** Channel flushes of waiting greetings in flight per replica. */
  GREETING_FLUSH_CONCURRENCY: env.int(1, 1_000).default(8),
  /** Greetings per second into one channel, across every replica, and the burst allowed at once. */
  WELCOME_CHANNEL_PER_SECOND: env.number(0.01, 1).default(0.8),
  WELCOME_CHANNEL_BURST: env.int(1, 5).default(1),
  /** A member who rejoins (or whose leave arrives again) within this is not greeted again. */
  WELCOME_DEDUPE_MS: env.int(0, 86_400_000).default(300_000),
  /** After a coalesced greeting, welcome DMs in that guild are shed for this long. */
  WELCOME_RAID_MS: env.int(0, 3_600_000).default(60_000),
  /** How often a replica looks for channels whose greetings waited too long (a flush lost to a crash). */
  WELCOME_SWEEP_MS: env.int(1_000, 3_600_000).default(15_000),
  /** A killed worker's jobs come back after about this long (BullMQ lock duration). */
  LOCK_DURATION_MS: env.int(1_000, 600_000).default(5_000),
  STALLED_INTERVAL_MS: env.int(500, 600_000).default(2_000),
  /** Commands a member may run: a burst of this many, refilled at USER_COMMANDS_PER_SECOND. */
  USER_COMMAND_BURST: env.int(1, 1_000).default(5),
  USER_COMMANDS_PER_SECOND: env.int(1, 1_000).default(1),
  GUILD_COMMAND_BURST: env.int(1, 100_000).default(100),
  GUILD_COMMANDS_PER_SECOND: env.int(1, 100_000).default(50),
  /** How long a dependency's breaker stays open before a probe tries it again. */
  BREAKER_RESET_MS: env.int(500, 600_000).default(5_000),
  OPS_HOST: env.string().default('0.0.0.0'),
  OPS_PORT: env.port().default(9200),
  SHUTDOWN_DEADLINE_MS: env.int(1_000, 600_000).default(20_000),
  /** How often Redis's eviction policy and memory are looked at again while running. */
  REDIS_MEMORY_CHECK_MS: env.int(100, 3_600_000).default(15_000),
  LOG_LEVEL: env.logLevel().default('info'),
  /**
   * The queue partitions this replica consumes, e.g. `0,1`; unset, every one of QUEUE_PARTITIONS. Concurrency
   * settings apply per partition consumed.
   */
  WORKER_PARTITIONS: env
    .list()
    .pipe(
      z.array(
        z.string().regex(/^\d{1,3}$/, { error: 'expected comma-separated partition numbers, e.g. 0,1' }),
      ),
    )
    .transform((ids) => [...new Set(ids.map(Number))].sort((a, b) => a - b))
    .optional(),
  ...ackTimingsEnvShape,
};

/** Rules across variables, checked once each is valid on its own. */
export const workerConfigChecks = [
  checkAckTimingsConfig,
  checkRedisConfig,
  checkWelcomeBudget,
  (config: { WORKER_PARTITIONS?: number[] | undefined; QUEUE_PARTITIONS: number }): string[] => {
    const beyond = (config.WORKER_PARTITIONS ?? []).filter((p) => p >= config.QUEUE_PARTITIONS);
    return beyond.length === 0
      ? []
      : [
          `WORKER_PARTITIONS: ${beyond.join(', ')} not below QUEUE_PARTITIONS (${config.QUEUE_PARTITIONS}); ` +
            `expected partitions 0 to ${config.QUEUE_PARTITIONS - 1}`,
        ];
  },
];

/** Discord allows 5 messages per 5 s in a channel: the burst plus 5 s of refill must stay within it. */
function checkWelcomeBudget(config: {
  WELCOME_CHANNEL_PER_SECOND: number;
  WELCOME_CHANNEL_BURST: number;
}): string[] {
  const fiveSeconds = config.WELCOME_CHANNEL_BURST + config.WELCOME_CHANNEL_PER_SECOND * 5;
  return fiveSeconds <= 5
    ? []
    : [
        `WELCOME_CHANNEL_BURST + 5 × WELCOME_CHANNEL_PER_SECOND: expected at most 5 (Discord's 5 messages per ` +
          `5 s in a channel), got ${fiveSeconds}`,
      ];
}
