import { ackTimingsEnvShape, checkAckTimingsConfig } from '@droas/ack-protocol';
import { checkRedisConfig, env, redisEnvShape } from '@droas/runtime';
import { z } from 'zod';

const shardIds = env
  .list()
  .pipe(z.array(z.string().regex(/^\d{1,7}$/, { error: 'expected comma-separated shard ids, e.g. 0,1,2' })))
  .transform((ids) => ids.map(Number));

/**
 * The gateway's environment, read once by the manager and again by each cluster process it forks (they
 * inherit it). discord-hybrid-sharding also sets TOTAL_SHARDS and DISCORD_TOKEN for its children, with the
 * same meaning.
 */
export const gatewayConfigShape = {
  DISCORD_TOKEN: env.string().min(1, { error: 'expected the bot token' }),
  /** REST base without the version, e.g. the simulator's http://127.0.0.1:PORT/api. */
  DISCORD_API_URL: env.url(['http', 'https']).default('https://discord.com/api'),
  /** Shards of the whole bot across every host. Numeric: 'auto' would ask discord.com directly. */
  TOTAL_SHARDS: env.int(1, 1_000_000),
  SHARDS_PER_CLUSTER: env.int(1, 256).default(2),
  SHARD_IDS: shardIds.optional(),
  HOST_INDEX: env.int(0, 100_000).default(0),
  HOST_COUNT: env.int(1, 100_000).default(1),
  ...redisEnvShape,
  OPS_HOST: env.string().default('0.0.0.0'),
  /** The manager's /livez /readyz /metrics port. */
  OPS_PORT: env.port().default(9100),
  /** Cluster N serves its ops endpoints on this + N. @defaultValue OPS_PORT + 1 */
  CLUSTER_OPS_BASE_PORT: env.port().optional(),
  /**
   * An override: commands whose deferrals are private, whatever the workers publish. Unset (the default), the
   * guard follows the workers' registry.
   */
  EPHEMERAL_COMMANDS: env.list().optional(),
  /** How often the guard reads which commands the workers say answer privately. */
  COMMAND_VISIBILITY_REFRESH_MS: env.int(100, 600_000).default(5_000),
  BUFFER_MAX_JOBS: env.int(1, 10_000_000).default(50_000),
  /** First respawn delay after a cluster crashes; doubles per crash in a row, up to 60 s. */
  CLUSTER_RESPAWN_BACKOFF_MS: env.int(0, 600_000).default(1_000),
  /**
   * How long a shard's saved gateway session outlives its process: a cluster started within it resumes the
   * shard instead of identifying. Discord keeps a closed session for a few minutes.
   */
  GATEWAY_SESSION_TTL_MS: env.int(10_000, 3_600_000).default(180_000),
  /** How often a cluster writes its shards' checkpointed sequences to Redis. */
  GATEWAY_SESSION_SAVE_MS: env.int(10, 60_000).default(250),
  /**
   * How long a cluster's hold on its shards outlives its last renewal (renewed with the saves). Another
   * process for the same shards (the next one in a handover, a host given the same shards by mistake) waits
   * until the holder lets go or this lapses; a crashed holder on the same host is taken over at once.
   */
  GATEWAY_SHARD_LEASE_MS: env.int(1_000, 600_000).default(10_000),
  /**
   * Names this host's copy of its shards when several hosts run the same shards side by side on purpose: each
   * copy has its own sessions and leases, each event arrives once per copy, and job ids keep its effects once
   * (the second copy is counted as a duplicate). Unset: one copy of every shard.
   */
  GATEWAY_REPLICA: env
    .string()
    .regex(/^[a-z0-9-]{1,32}$/, { error: 'expected 1-32 lowercase letters, digits or -' })
    .optional(),
  SHUTDOWN_DEADLINE_MS: env.int(1_000, 600_000).default(20_000),
  /** How often Redis's eviction policy and memory are looked at again while running. */
  REDIS_MEMORY_CHECK_MS: env.int(100, 3_600_000).default(15_000),
  LOG_LEVEL: env.logLevel().default('info'),
  /**
   * While the oldest waiting interaction job is older than this, the acknowledgement guard defers new
   * interactions at once instead of at ACK_GUARD_MS (no worker would claim them sooner). 0 turns it off.
   */
  ACK_DEFER_AT_ONCE_AFTER_MS: env.int(0, 60_000).default(1_000),
  /**
   * On a Redis Cluster, how long the gateway waits (WAIT) after each batch for a replica to confirm it before
   * sending it again; a batch only a primary holds is lost if that primary fails over. 0 turns it off.
   */
  REDIS_REPLICA_WAIT_MS: env.int(0, 10_000).default(250),
  /** The acknowledgement protocol's timings (ACK_GUARD_MS and the rest), the same for every process. */
  ...ackTimingsEnvShape,
};

/** Rules across variables, checked once each is valid on its own. */
export const gatewayConfigChecks = [
  checkAckTimingsConfig,
  checkRedisConfig,
  (config: { GATEWAY_SHARD_LEASE_MS: number; GATEWAY_SESSION_SAVE_MS: number }): string[] =>
    config.GATEWAY_SHARD_LEASE_MS >= 4 * config.GATEWAY_SESSION_SAVE_MS
      ? []
      : [
          `GATEWAY_SHARD_LEASE_MS: expected at least 4 × GATEWAY_SESSION_SAVE_MS ` +
            `(${4 * config.GATEWAY_SESSION_SAVE_MS}), since the saves renew the lease`,
        ],
];
