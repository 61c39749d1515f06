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
  /** PATH for child processes, which otherwise get a bare environment. */
  path: (): string => process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
};
