/** What a fleet run starts and how hard it pushes. */
export interface FleetOptions {
  /** Guilds the simulator serves. @defaultValue 100000 */
  guilds: number;
  /** Shards of the bot, across every host. @defaultValue 100 */
  shards: number;
  /** `max_concurrency` the simulator gives in `/gateway/bot` and enforces. @defaultValue 16 */
  maxConcurrency: number;
  /** Gateway hosts, each a manager with `HOST_INDEX` i of `HOST_COUNT`. @defaultValue 4 */
  hosts: number;
  /** Shards per cluster process. @defaultValue 5 */
  shardsPerCluster: number;
  /** `QUEUE_PARTITIONS` for the gateways. @defaultValue 1 */
  queuePartitions: number;
  /** A private Redis Cluster (3 primaries, 3 replicas) instead of one Redis. @defaultValue false */
  redisCluster: boolean;
  /** First step of the join ramp, per second; each step doubles it. @defaultValue 500 */
  startRatePerSec: number;
  /** @defaultValue 32000 */
  maxRatePerSec: number;
  /** @defaultValue 15 */
  stepSec: number;
  /** @defaultValue 5 */
  warmupSec: number;
  /** How long every host may take to be ready. @defaultValue 300000 */
  startupTimeoutMs: number;
  /** @defaultValue 120000 */
  drainTimeoutMs: number;
}

export const DefaultFleetOptions = {
  guilds: 100_000,
  shards: 100,
  maxConcurrency: 16,
  hosts: 4,
  shardsPerCluster: 5,
  queuePartitions: 1,
  redisCluster: false,
  startRatePerSec: 500,
  maxRatePerSec: 32_000,
  stepSec: 15,
  warmupSec: 5,
  startupTimeoutMs: 300_000,
  drainTimeoutMs: 120_000,
} as const satisfies FleetOptions;
