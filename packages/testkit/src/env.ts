// The one place test infrastructure reads the environment that jest's global setup prepared.

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run tests through jest with the repo's global setup (npm test)`);
  }
  return value;
}

export const testEnv = {
  redisUrl: (): string => required('REDIS_URL'),
  /** The shared test Redis Cluster's seeds, comma-separated `redis://host:port`. */
  redisClusterUrl: (): string => required('REDIS_CLUSTER_URL'),
  databaseUrl: (): string => required('DATABASE_URL'),
  templateDatabase: (): string => required('DROAS_TEST_TEMPLATE_DB'),
  /**
   * Which Redis the end-to-end stacks run on: `single`, or `cluster` (the shared test cluster, with
   * {@link CLUSTER_QUEUE_PARTITIONS} queue partitions). The `<workspace>:cluster` jest projects set
   * DROAS_TEST_REDIS=cluster to run a workspace's chosen tests again that way.
   */
  redisMode: (): 'single' | 'cluster' => (process.env.DROAS_TEST_REDIS === 'cluster' ? 'cluster' : 'single'),
  /** PATH for child processes, which otherwise get a bare environment. */
  path: (): string => process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
};

/** Queue partitions of the apps a cluster-mode test starts: more than the cluster's three primaries. */
export const CLUSTER_QUEUE_PARTITIONS = 4;

/** What the apps of a test stack need beyond REDIS_URL to run on the test's kind of Redis. */
export function redisModeEnv(): Record<string, string> {
  return testEnv.redisMode() === 'cluster'
    ? { REDIS_CLUSTER: '1', QUEUE_PARTITIONS: String(CLUSTER_QUEUE_PARTITIONS) }
    : {};
}
