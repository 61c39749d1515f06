export { createTestDatabase, type TestDatabase } from './testDatabase.js';
export { createTestRedisNamespace, type TestRedisNamespace } from './testRedis.js';
export {
  clusterSeeds,
  createTestRedisClusterNamespace,
  type TestRedisClusterNamespace,
} from './testRedisCluster.js';
export {
  parseClusterNodes,
  startPrivateRedisCluster,
  type ClusterNode,
  type ClusterNodeEntry,
  type PrivateRedisCluster,
  type PrivateRedisClusterOptions,
} from './privateRedisCluster.js';
export { CLUSTER_QUEUE_PARTITIONS, redisModeEnv, testEnv } from './env.js';
export { uniqueName } from './uniqueName.js';
export { eventually, spawnApp, type AppProcess } from './appProcess.js';
export { freePort, startPrivateRedis, type PrivateRedis, type PrivateRedisOptions } from './privateRedis.js';
export { startPrivatePostgres, type PrivatePostgres } from './privatePostgres.js';
export {
  GATEWAY_MANAGER_ENTRY,
  MIGRATE_CLI,
  WORKER_ENTRY,
  metricSum,
  scrapeMetric,
  startGateway,
  startWorker,
  type DiscordEndpoint,
  type RunningGateway,
  type RunningWorker,
} from './stack.js';
export { seededRandom } from './seededRandom.js';
export {
  parsePrometheusText,
  samplesOf,
  type PrometheusExposition,
  type PrometheusSample,
} from './prometheusText.js';
