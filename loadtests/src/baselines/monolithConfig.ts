import { env } from '@droas/runtime';

/** The monolith's environment, parsed once at start; the names and forms are the worker's and gateway's. */
export const monolithConfigShape = {
  DISCORD_TOKEN: env.string().min(1, { error: 'expected the bot token' }),
  /** REST base without the version, e.g. the simulator's http://127.0.0.1:PORT/api. */
  DISCORD_API_URL: env.url(['http', 'https']).default('https://discord.com/api'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  /** The worker's default pool, so the database side is sized as one DROAS worker's. */
  DB_POOL_MAX: env.int(1, 500).default(10),
  REDIS_URL: env.url(['redis', 'rediss']),
  /**
   * Namespace of the economy's cache keys. Give the monolith its own when DROAS runs beside it on the same
   * Redis, or each would read the other's cached balances.
   */
  REDIS_PREFIX: env
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/, { error: 'expected 1-64 letters, digits, _ - { }' })
    .default('monolith'),
  /** Every shard of the bot; the monolith's one client holds them all. Numeric: 'auto' would ask discord.com. */
  TOTAL_SHARDS: env.int(1, 1_000),
  SHUTDOWN_DEADLINE_MS: env.int(1_000, 600_000).default(15_000),
  LOG_LEVEL: env.logLevel().default('info'),
};
