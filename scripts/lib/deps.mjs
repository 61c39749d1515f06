// Installs node_modules with `npm ci` when they are missing or older than package-lock.json, and builds the
// workspaces. The lock is checked first (scripts/lib/lockfile.mjs), so a lock that drifted from the
// package.json files, or lacks another platform's binaries, stops here with what to do.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyDependencyPatches } from './dependencyPatches.mjs';
import { findLockfileProblems, REGENERATE_LOCKFILE } from './lockfile.mjs';
import { log, fail } from './log.mjs';

export const repoRoot = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

/** Runs a command in the repo root with inherited output; exits with a clear line when it fails. */
export function run(cmd, args, { env = process.env, what = `${cmd} ${args.join(' ')}` } = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env });
  if (r.status !== 0) fail(`${what} failed (exit ${r.status ?? r.signal}).`);
}

export function ensureDependencies() {
  const problems = findLockfileProblems(repoRoot);
  if (problems.length > 0) {
    fail(
      `package-lock.json cannot install this repository everywhere:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        `\n${REGENERATE_LOCKFILE}`,
    );
  }
  const marker = join(repoRoot, 'node_modules', '.droas-lock-sha256');
  const want = createHash('sha256')
    .update(readFileSync(join(repoRoot, 'package-lock.json')))
    .digest('hex');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === want) return patchDependencies(repoRoot);
  log('installing dependencies (npm ci)…');
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
  if (ci.status !== 0) {
    fail(
      `npm ci failed (exit ${ci.status ?? ci.signal}). When it says package.json and package-lock.json are ` +
        `not in sync:\n${REGENERATE_LOCKFILE}`,
    );
  }
  patchDependencies(repoRoot);
  writeFileSync(marker, want);
}

/**
 * Applies the fixes of scripts/lib/dependencyPatches.mjs to the node_modules under `root`, saying what it
 * patched, or stops with what to do. The root postinstall applies them too; an install with --ignore-scripts,
 * or node_modules from before a fix, gets them here.
 */
export function patchDependencies(root, what = 'dependencies') {
  try {
    for (const file of applyDependencyPatches(root)) log(`patched ${file}`);
  } catch (error) {
    fail(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const turboEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

/** Runs turbo tasks (build, typecheck, lint) across the workspaces; turbo skips what has not changed. */
export function turbo(tasks) {
  run('npx', ['--no-install', 'turbo', 'run', ...tasks, '--output-logs=errors-only'], {
    env: turboEnv,
    what: `turbo run ${tasks.join(' ')}`,
  });
}
