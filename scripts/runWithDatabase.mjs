#!/usr/bin/env node
// Runs a built CLI against DATABASE_URL, or against the local Postgres in .droas/: the one `npm start` is
// running (used and left running), or else one started for the duration and stopped afterwards.
// `node scripts/runWithDatabase.mjs <workspace> <entry> [args…]`; used by `npm run migrate` and
// `npm run economy:verify`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { redactUrl } from './lib/services.mjs';
import { ensureDependencies, turbo, repoRoot } from './lib/deps.mjs';
import { localServices } from './lib/localServices.mjs';
import { fail, log } from './lib/log.mjs';

const [workspace, entry, ...args] = process.argv.slice(2);
if (!workspace || !entry) fail('usage: runWithDatabase.mjs <workspace> <entry> [args…]');

ensureDependencies();
turbo(['build', `--filter=${workspace}`]);
const pg = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, shared: true, release: async () => {} }
  : await localServices
      .useLocalPostgres({ log, command: `${workspace} ${entry}` })
      .catch((error) => fail(error.message));
if (!process.env.DATABASE_URL) {
  log(
    `postgres ${redactUrl(pg.url)} (${pg.shared ? 'running already; left running' : 'started for this run'})`,
  );
}
const r = spawnSync(process.execPath, [join(repoRoot, entry), ...args], {
  env: { ...process.env, DATABASE_URL: pg.url },
  stdio: 'inherit',
});
await pg.release();
process.exit(r.status ?? 1);
