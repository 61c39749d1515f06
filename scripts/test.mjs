#!/usr/bin/env node
// `npm test`: install what is missing, build, typecheck, lint, check formatting, start throwaway Redis and
// Postgres, run every jest project against them, and tear it all down. Extra arguments go to jest.
import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDependencies, turbo, run, repoRoot } from './lib/deps.mjs';
import { ensureRedis, ensurePostgres, redactUrl } from './lib/services.mjs';
import { log } from './lib/log.mjs';

const jestArgs = process.argv.slice(2);
const started = Date.now();

ensureDependencies();
log('building, typechecking and linting every workspace…');
turbo(['build', 'typecheck', 'lint']);
run('npx', ['--no-install', 'prettier', '--check', '--log-level', 'warn', '.'], { what: 'prettier --check' });

// One throwaway pair of servers for the whole run; each test file then takes its own database and key
// prefix from them (packages/testkit), so files run in parallel without seeing each other.
const scratch = mkdtempSync(join(tmpdir(), 'droas-test-'));
chmodSync(scratch, 0o755); // the unprivileged postgres user must reach its data below
const redis = await ensureRedis({ dir: join(scratch, 'redis'), persistent: false });
const pg = await ensurePostgres({
  dir: join(scratch, 'pg'),
  fallbackDir: join(scratch, 'pg'),
  persistent: false,
});
log(`redis ${redis.url}${redis.external ? ' (from REDIS_URL)' : ''}`);
log(`postgres ${redactUrl(pg.url)}${pg.external ? ' (from DATABASE_URL)' : ''}`);

async function teardown() {
  await Promise.all([redis.process?.stop(), pg.process?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
}

const jest = spawn('npx', ['--no-install', 'jest', '--ci', ...jestArgs], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, REDIS_URL: redis.url, DATABASE_URL: pg.url, DROAS_TEST_SERVICES: 'provided' },
});
let signalled = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (signalled) process.exit(130);
    signalled = true;
    jest.kill(sig);
  });
}
const code = await new Promise((resolve) => jest.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await teardown();
log(`npm test finished with exit code ${code} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(code);
