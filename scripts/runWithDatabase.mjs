#!/usr/bin/env node
// Runs a built CLI against DATABASE_URL, or against the local Postgres that `npm start` keeps in .droas/
// (started for the duration). `node scripts/runWithDatabase.mjs <workspace> <entry> [args…]`; used by
// `npm run migrate` and `npm run economy:verify`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureDependencies, turbo, repoRoot } from './lib/deps.mjs';
import { startLocalPostgres } from './lib/localServices.mjs';
import { fail } from './lib/log.mjs';

const [workspace, entry, ...args] = process.argv.slice(2);
if (!workspace || !entry) fail('usage: runWithDatabase.mjs <workspace> <entry> [args…]');

ensureDependencies();
turbo(['build', `--filter=${workspace}`]);
const pg = process.env.DATABASE_URL ? { url: process.env.DATABASE_URL } : await startLocalPostgres();
const r = spawnSync(process.execPath, [join(repoRoot, entry), ...args], {
  env: { ...process.env, DATABASE_URL: pg.url },
  stdio: 'inherit',
});
await pg.stop?.();
process.exit(r.status ?? 1);
