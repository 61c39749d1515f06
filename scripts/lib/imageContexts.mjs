// The build context of each app image, prepared on the host so `podman build` needs no network and no
// compiler: `turbo prune` keeps the app's workspace and those it depends on, with their part of the lock;
// `npm ci --omit=dev` installs the production dependencies from npm's cache; then every workspace the app does
// not run (test-only ones such as testkit) is removed, and those it runs keep their package.json, their
// built JavaScript (dist/src, dist/bin) and their runtime files (the SQL migrations), nothing else.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { patchDependencies, repoRoot, turboEnv } from './deps.mjs';
import { stateDir } from './localServices.mjs';
import { fail } from './log.mjs';

/** The images infra/images/Containerfile builds: its target and the workspace whose code it runs. */
export const APP_IMAGES = [
  { target: 'gateway', workspace: '@droas/gateway' },
  { target: 'worker', workspace: '@droas/worker' },
  { target: 'discord-sim', workspace: '@droas/discord-sim' },
  { target: 'migrate', workspace: '@droas/db' },
];

/** Sources, tests, benchmarks and build metadata: present in a workspace, never run from an image. */
const NOT_RUN = new Set([
  'src',
  'bin',
  'test',
  'bench',
  'dist',
  'README.md',
  'jest.config.cjs',
  'tsconfig.json',
  '.turbo',
]);
/** The compiled output an image runs; dist/test and dist/bench stay out. */
const DIST_RUN = ['src', 'bin'];

export const contextsDir = join(stateDir, 'images', 'contexts');

/**
 * Prepares the build context of one app image (a fresh folder each time) and says what is in it.
 * @param {{ target: string, workspace: string }} app
 * @returns {{ dir: string, workspaces: string[] }}
 */
export function prepareContext(app) {
  const dir = join(contextsDir, app.target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(contextsDir, { recursive: true });
  run('npx', ['--no-install', 'turbo', 'prune', app.workspace, '--out-dir', dir], repoRoot, turboEnv);
  // From npm's cache, which the repository's own `npm ci` filled: no download unless something is missing.
  run(
    'npm',
    [
      'ci',
      '--omit=dev',
      `--workspace=${app.workspace}`,
      '--prefer-offline',
      // The root postinstall's script is not in the pruned tree: the same fixes are applied just below.
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
    ],
    dir,
  );
  patchDependencies(dir, `${app.target} image`);

  const all = workspacesIn(dir);
  const running = runtimeClosure(app.workspace, all);
  for (const [name, ws] of all) {
    const at = join(dir, ws.path);
    if (!running.has(name)) {
      rmSync(at, { recursive: true, force: true });
      rmSync(join(dir, 'node_modules', ...name.split('/')), { recursive: true, force: true });
      continue;
    }
    if (!String(ws.manifest.main ?? '').startsWith('./dist/')) {
      fail(
        `${name}: its main (${ws.manifest.main}) is not built into dist/; infra:images cannot package it.`,
      );
    }
    for (const entry of readdirSync(at)) {
      if (NOT_RUN.has(entry)) rmSync(join(at, entry), { recursive: true, force: true });
    }
    for (const part of DIST_RUN) {
      const built = join(repoRoot, ws.path, 'dist', part);
      if (!existsSync(built)) continue;
      cpSync(built, join(at, 'dist', part), {
        recursive: true,
        filter: (source) => !/\.(d\.ts|map|tsbuildinfo)$/.test(source),
      });
    }
  }
  for (const leftover of ['turbo.json', '.gitignore']) rmSync(join(dir, leftover), { force: true });
  // The Containerfile copies both folders; an app without one gets an empty one.
  for (const folder of ['apps', 'packages']) mkdirSync(join(dir, folder), { recursive: true });
  return { dir, workspaces: [...running].sort() };
}

/** Every workspace of a pruned tree: name → its path (relative) and package.json. */
function workspacesIn(dir) {
  const found = new Map();
  for (const folder of ['apps', 'packages']) {
    const parent = join(dir, folder);
    if (!existsSync(parent)) continue;
    for (const entry of readdirSync(parent)) {
      const manifestPath = join(parent, entry, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
      found.set(manifest.name, { path: relative(dir, join(parent, entry)), manifest });
    }
  }
  return found;
}

/** The workspace and every workspace it reaches through `dependencies` (not devDependencies). */
export function runtimeClosure(start, all) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name) || !all.has(name)) return;
    seen.add(name);
    for (const dep of Object.keys(all.get(name).manifest.dependencies ?? {})) visit(dep);
  };
  visit(start);
  return seen;
}

function run(cmd, args, cwd, env = process.env) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    fail(
      `${cmd} ${args.join(' ')} (in ${cwd}) failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`,
    );
  }
}
