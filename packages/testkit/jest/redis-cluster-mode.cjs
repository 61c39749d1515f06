// setupFiles of the `<workspace>:cluster` projects: their tests build their stacks on the shared Redis
// Cluster, with partitioned queues (packages/testkit env.ts, redisMode).
process.env.DROAS_TEST_REDIS = 'cluster';
