// Checks that package-lock.json can install this repository on any machine, before `npm ci` runs. Pure
// standard library: it runs before node_modules exists.
//
// Two ways a lock goes wrong here, and why `npm ci` alone is not enough to catch them:
// - Drift: a package.json changed and the lock did not. `npm ci` refuses that, but it only runs when the
//   lock itself changed (scripts/lib/deps.mjs), so without this check a local run would go on with stale
//   node_modules and only CI would notice.
// - Missing platform binaries: a lock written from an installed node_modules (or on a mirror lacking some
//   builds) records only this machine's optional binaries (turbo's @turbo/*, unrs-resolver's bindings,
//   msgpackr-extract's…). `npm ci` refuses some of those gaps, and for packages deep in the tree it says
//   nothing at all and installs without them, so another platform breaks later.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REGENERATE_LOCKFILE = [
  'Regenerate the lock from the package.json files alone (never from node_modules), so every platform is recorded:',
  '  npm install --package-lock-only --no-audit --no-fund',
  'If `npm run lockfile:check` still names missing packages (npm does not revisit packages deep in an existing',
  'lock), write it afresh; this also moves every package to the newest version its range allows:',
  '  rm package-lock.json && npm install --package-lock-only --no-audit --no-fund',
  'Then `npm ci`, run the tests, and commit package-lock.json.',
].join('\n');

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * Every reason the lock cannot serve `npm ci` for these package.json files on every platform, as sentences;
 * empty when it can.
 * @param {string} root the repository root (where package.json and package-lock.json are)
 * @returns {string[]}
 */
export function findLockfileProblems(root) {
  const lockPath = join(root, 'package-lock.json');
  if (!existsSync(lockPath)) return ['there is no package-lock.json'];
  const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
  const packages = lock.packages;
  if (!packages)
    return [`package-lock.json has lockfileVersion ${lock.lockfileVersion}; npm 7 or later writes 3`];
  return [...findDrift(root, packages), ...findUnresolvedDependencies(packages)];
}

/** Where a package.json and the lock's copy of its dependency lists disagree. */
function findDrift(root, packages) {
  const problems = [];
  const rootManifest = readJson(join(root, 'package.json'));
  const workspaces = workspaceDirs(root, rootManifest.workspaces ?? []);
  for (const dir of ['', ...workspaces]) {
    const manifest = dir === '' ? rootManifest : readJson(join(root, dir, 'package.json'));
    const locked = packages[dir];
    const where = `${dir === '' ? '' : `${dir}/`}package.json`;
    if (!locked) {
      problems.push(`${where} (${manifest.name}) is not in the lock`);
      continue;
    }
    for (const field of DEPENDENCY_FIELDS) {
      const want = manifest[field] ?? {};
      const have = locked[field] ?? {};
      for (const name of new Set([...Object.keys(want), ...Object.keys(have)])) {
        if (want[name] === have[name]) continue;
        problems.push(
          `${where} has ${field}.${name} ${want[name] ?? '(none)'}, the lock has ${have[name] ?? '(none)'}`,
        );
      }
    }
    if (dir !== '' && packages[`node_modules/${manifest.name}`]?.resolved !== dir) {
      problems.push(`the lock does not link ${manifest.name} to ${dir}`);
    }
  }
  const known = new Set(workspaces);
  for (const key of Object.keys(packages)) {
    if (key !== '' && !key.includes('node_modules/') && !known.has(key)) {
      problems.push(`the lock records a workspace ${key} that has no package.json any more`);
    }
  }
  return problems;
}

/** Dependencies (optional ones included) of locked packages that the lock does not contain. */
function findUnresolvedDependencies(packages) {
  const problems = [];
  for (const [location, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    for (const field of ['dependencies', 'optionalDependencies']) {
      for (const name of Object.keys(entry[field] ?? {})) {
        if (resolves(packages, location, name)) continue;
        const owner = location === '' ? 'the root package.json' : location.replace(/^.*node_modules\//, '');
        const kind = field === 'optionalDependencies' ? 'an optional dependency' : 'a dependency';
        problems.push(`the lock lacks ${name}, ${kind} of ${owner}`);
      }
    }
  }
  return problems;
}

/** Node's lookup: <location>/node_modules/<name>, then each enclosing node_modules, then the root's. */
function resolves(packages, location, name) {
  let base = location;
  for (;;) {
    if (packages[`${base === '' ? '' : `${base}/`}node_modules/${name}`]) return true;
    if (base === '') return false;
    const nested = base.lastIndexOf('/node_modules/');
    base = nested === -1 ? '' : base.slice(0, nested);
  }
}

/** The folders the root's `workspaces` globs name ("dir/*" or "dir"), those that hold a package.json. */
function workspaceDirs(root, patterns) {
  return patterns
    .flatMap((pattern) =>
      pattern.endsWith('/*')
        ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true })
            .filter((d) => d.isDirectory())
            .map((d) => `${pattern.slice(0, -2)}/${d.name}`)
        : [pattern],
    )
    .filter((dir) => existsSync(join(root, dir, 'package.json')))
    .sort();
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}
