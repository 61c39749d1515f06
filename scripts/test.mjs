#!/usr/bin/env node
// `npm test`: install what is missing, build, typecheck, lint, check formatting, start a throwaway Redis, Redis
// Cluster and Postgres, run the scripts' own tests (node --test) and every jest project against them, and tear it all
// down. Extra arguments go to jest.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redactUrl, startPostgres, startRedis, startRedisCluster } from './lib/services.mjs';
import { ensureDependencies, turbo, run, repoRoot } from './lib/deps.mjs';
import { fail, log } from './lib/log.mjs';

const jestArgs = process.argv.slice(2);
const started = Date.now();

ensureDependencies();
log('building, typechecking and linting every workspace…');
turbo(['build', 'typecheck', 'lint']);
run('npx', ['--no-install', 'prettier', '--check', '--log-level', 'warn', '.'], { what: 'prettier --check' });
// The scripts belong to no workspace, so turbo's lint does not reach them.
run('npx', ['--no-install', 'eslint', '--max-warnings=0', 'scripts'], { what: 'eslint scripts' });

// One throwaway set of servers for the whole run (a single Redis, a Redis Cluster of 3 primaries and 3
// replicas, a Postgres); each test file then takes its own database and key prefix from them
// (packages/testkit), so files run in parallel without seeing each other.
const scratch = mkdtempSync(join(tmpdir(), 'droas-test-'));
chmodSync(scratch, 0o755); // the unprivileged postgres user must reach its data below
const servers = [];
async function teardown() {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(scratch, { recursive: true, force: true });
}
let redisUrl = process.env.REDIS_URL;
let redisClusterUrl = process.env.REDIS_CLUSTER_URL;
let databaseUrl = process.env.DATABASE_URL;
try {
  if (!redisUrl) {
    const redis = await startRedis({
      dir: join(scratch, 'redis'),
      appendOnly: false,
      stopWithParent: true,
      log,
    });
    servers.push(redis);
    redisUrl = redis.url;
  }
  if (!databaseUrl) {
    const pg = await startPostgres({ dir: join(scratch, 'pg'), fsync: false, stopWithParent: true, log });
    servers.push(pg);
    databaseUrl = pg.url;
  }
  if (!redisClusterUrl) {
    const cluster = await startRedisCluster({
      dir: join(scratch, 'redis-cluster'),
      appendOnly: false,
      stopWithParent: true,
      log,
    });
    servers.push(cluster);
    redisClusterUrl = cluster.url;
  }
} catch (error) {
  await teardown();
  fail(error.message);
}
log(`redis ${redisUrl}${process.env.REDIS_URL ? ' (from REDIS_URL)' : ''}`);
log(`redis cluster ${redisClusterUrl}${process.env.REDIS_CLUSTER_URL ? ' (from REDIS_CLUSTER_URL)' : ''}`);
log(`postgres ${redactUrl(databaseUrl)}${process.env.DATABASE_URL ? ' (from DATABASE_URL)' : ''}`);

const env = {
  ...process.env,
  REDIS_URL: redisUrl,
  REDIS_CLUSTER_URL: redisClusterUrl,
  DATABASE_URL: databaseUrl,
};
let current;
let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (signalled) process.exit(130);
    signalled = true;
    current?.kill(sig);
  });
}
/** Runs a command to its end; its exit code (1 for a signal). */
function runToEnd(cmd, args) {
  current = spawn(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
  return new Promise((resolve) => current.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
}

// The scripts' own tests (the supervisor npm start runs under, the local servers' ownership) run under
// node's test runner: they are plain .mjs like the scripts. Skipped when jest arguments narrow the run.
let code = 0;
if (jestArgs.length === 0 && !signalled) {
  const dir = join(repoRoot, 'scripts', 'test');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.test.mjs'))
    .map((f) => join(dir, f));
  log(`scripts' tests (node --test, ${files.length} files)…`);
  code = await runToEnd(process.execPath, ['--test', ...files]);
}
if (!signalled) code = Math.max(code, await runToEnd('npx', ['--no-install', 'jest', '--ci', ...jestArgs]));
await teardown();
log(`npm test finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
