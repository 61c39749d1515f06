// Runs once per jest invocation. `npm test` passes REDIS_URL/REDIS_CLUSTER_URL/DATABASE_URL in; a bare
// `npx jest` in a workspace gets throwaway servers of its own, from @droas/services like npm test's: a single
// Redis, a Redis Cluster (3 primaries, 3 replicas) and a Postgres. Either way, one template
// database is migrated here so each test file can clone a fresh, migrated database from it in milliseconds
// (packages/testkit createTestDatabase).
const { spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, chmodSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const repoRoot = path.resolve(__dirname, '../../..');

module.exports = async function globalSetup() {
  if (!process.env.REDIS_URL || !process.env.REDIS_CLUSTER_URL || !process.env.DATABASE_URL) {
    const { startPostgres, startRedis, startRedisCluster } = require('@droas/services');
    const scratch = mkdtempSync(path.join(tmpdir(), 'droas-jest-'));
    chmodSync(scratch, 0o755); // the unprivileged postgres user must reach its data below
    const log = (message) => process.stdout.write(`[droas] ${message}\n`);
    const servers = [];
    globalThis.__droasJestServices = { servers, scratch };
    // The cluster starts meanwhile (its create step mostly waits on gossip), then is awaited below.
    const clusterStarting = process.env.REDIS_CLUSTER_URL
      ? undefined
      : startRedisCluster({
          dir: path.join(scratch, 'redis-cluster'),
          appendOnly: false,
          stopWithParent: true,
          log,
        }).then((cluster) => {
          servers.push(cluster);
          return cluster;
        });
    clusterStarting?.catch(() => {}); // awaited below; a failure of the others first must not leave it unhandled
    if (!process.env.REDIS_URL) {
      const redis = await startRedis({
        dir: path.join(scratch, 'redis'),
        appendOnly: false,
        stopWithParent: true,
        log,
      });
      servers.push(redis);
      process.env.REDIS_URL = redis.url;
    }
    if (!process.env.DATABASE_URL) {
      const pg = await startPostgres({
        dir: path.join(scratch, 'pg'),
        fsync: false,
        stopWithParent: true,
        log,
      });
      servers.push(pg);
      process.env.DATABASE_URL = pg.url;
    }
    if (clusterStarting) process.env.REDIS_CLUSTER_URL = (await clusterStarting).url;
  }
  if (process.env.DROAS_TEST_SKIP_TEMPLATE === '1') return;

  const migrateCli = path.join(repoRoot, 'packages/db/dist/bin/migrate.js');
  if (!existsSync(migrateCli)) {
    const r = spawnSync('npx', ['--no-install', 'tsc', '-b', 'packages/db'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error('could not build packages/db for the test template database');
  }
  const { default: postgres } = await import('postgres');
  const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} });
  const template = `droas_tpl_${randomBytes(4).toString('hex')}`;
  try {
    await admin.unsafe(`create database "${template}"`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${template}`;
  const r = spawnSync(process.execPath, [migrateCli], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`migrating the template database failed (exit ${r.status})`);
  process.env.DROAS_TEST_TEMPLATE_DB = template;
};
