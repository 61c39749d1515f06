// Installs node_modules when they are missing or older than package-lock.json, and builds the workspaces.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, fail } from './log.mjs';

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

function lockHash() {
  const lock = join(repoRoot, 'package-lock.json');
  return existsSync(lock) ? createHash('sha256').update(readFileSync(lock)).digest('hex') : 'no-lock';
}

/** Runs a command in the repo root with inherited output; exits with a clear line when it fails. */
export function run(cmd, args, { env = process.env, what = `${cmd} ${args.join(' ')}` } = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal}).`);
}

export function ensureDependencies() {
  const marker = join(repoRoot, 'node_modules', '.droas-lock-sha256');
  const want = lockHash();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return;
  const flags = ['--no-audit', '--no-fund', '--loglevel=error'];
  let installed = false;
  if (want !== 'no-lock') {
    log('installing dependencies (npm ci)…');
    installed = spawnSync('npm', ['ci', ...flags], { cwd: repoRoot, stdio: 'inherit' }).status === 0;
    // `npm ci` refuses a lock that lacks other platforms' optional binaries, which happens when the registry
    // does not carry every platform build of a version. `npm install` still installs the locked versions.
    if (!installed) log('npm ci refused the lock file; installing the locked versions with npm install…');
  }
  if (!installed) run('npm', ['install', ...flags]);
  writeFileSync(marker, lockHash());
}

export const turboEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

/** Runs turbo tasks (build, typecheck, lint) across the workspaces; turbo skips what has not changed. */
export function turbo(tasks) {
  run('npx', ['--no-install', 'turbo', 'run', ...tasks, '--output-logs=errors-only'], {
    env: turboEnv,
    what: `turbo run ${tasks.join(' ')}`,
  });
}
