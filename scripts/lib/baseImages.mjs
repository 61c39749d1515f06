// The base images `infra:images` builds when no registry is reachable: Debian bookworm from Debian's archive
// (debootstrap), imported into podman, plus this machine's own node binary for the apps, and Redis, Postgres
// and Prometheus from Debian's packages for the stand-ins of their official images. Each is built once: a tag
// that exists is kept, and the debootstrap output is cached as a tar in the state folder, so even a removed
// image comes back without downloading anything.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { imageExists, infraDir, podman, podmanEnv } from './podman.mjs';
import { stateDir } from './localServices.mjs';
import { fail, log } from './log.mjs';

const SUITE = 'bookworm';
const rootfsCache = join(stateDir, 'images', 'rootfs');

/** The tags of the local bases; compose.yaml's image variables point at the stand-ins. */
export const localImages = {
  debian: `localhost/droas/debian:${SUITE}`,
  node: `localhost/droas/node:${process.versions.node.split('.')[0]}-${SUITE}`,
  servicesBase: `localhost/droas/services-base:${SUITE}`,
  redis: `localhost/droas/redis:${SUITE}`,
  postgres: `localhost/droas/postgres:${SUITE}`,
  prometheus: `localhost/droas/prometheus:${SUITE}`,
};

/** Docs, manuals, translations and package caches: nothing a container runs needs them. */
const SLIM = [
  'usr/share/doc',
  'usr/share/man',
  'usr/share/info',
  'usr/share/locale',
  'usr/share/lintian',
  'var/cache/apt',
  'var/lib/apt/lists',
  'var/cache/debconf/templates.dat-old',
  'var/log',
];

/**
 * A Debian root file system as a tar, from the cache or from debootstrap (minbase: essential packages and
 * apt, plus `packages`).
 * @param {string} name
 * @param {string[]} packages
 * @param {string[]} extraRemovals paths inside the root to delete as well
 */
function debianRootfs(name, packages, extraRemovals = []) {
  const tar = join(rootfsCache, `${name}.tar`);
  if (existsSync(tar)) {
    log(`${name}: debootstrap cached (${tar})`);
    return tar;
  }
  mkdirSync(rootfsCache, { recursive: true });
  const dir = mkdtempSync(join(rootfsCache, `${name}-`));
  const mirror = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';
  log(`${name}: debootstrap ${SUITE} from ${mirror} with ${packages.join(', ')} (a few minutes)…`);
  const started = Date.now();
  const boot = spawnSync(
    'debootstrap',
    ['--variant=minbase', `--include=${packages.join(',')}`, SUITE, dir, mirror],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (boot.status !== 0) {
    const why = `${boot.stdout}${boot.stderr}`.trim().split('\n').slice(-15).join('\n');
    rmSync(dir, { recursive: true, force: true });
    fail(`debootstrap of ${name} failed (exit ${boot.status ?? boot.signal}):\n${why}`);
  }
  for (const path of [...SLIM, ...extraRemovals]) {
    rmSync(join(dir, path), { recursive: true, force: true });
  }
  mkdirSync(join(dir, 'var/log'));
  const partial = `${tar}.partial`;
  const packed = spawnSync('tar', ['-C', dir, '-cf', partial, '.'], { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
  if (packed.status !== 0) fail(`could not pack ${dir} into ${partial}`);
  renameSync(partial, tar);
  const mb = Math.round(statSync(tar).size / 1e6);
  log(`${name}: debootstrap done in ${seconds(started)} s (${mb} MB, cached in ${tar})`);
  return tar;
}

/** Imports a root file system tar as an image. */
function importRootfs(tar, tag) {
  const r = spawnSync('podman', ['import', tar, tag], { env: podmanEnv, encoding: 'utf8' });
  if (r.status !== 0) fail(`podman import ${tar} ${tag} failed: ${r.stderr.trim()}`);
}

/**
 * The node base for the app images (what NODE_IMAGE names): minimal Debian with tini, this machine's node
 * binary and a `node` user of uid 1000, as in the official node images.
 * @returns {string} its tag
 */
export function buildNodeBase() {
  if (imageExists(localImages.node)) {
    log(`${localImages.node}: exists, kept`);
    return localImages.node;
  }
  if (!imageExists(localImages.debian)) {
    importRootfs(debianRootfs('debian', ['tini']), localImages.debian);
  }
  const context = mkdtempSync(join(rootfsCache, 'node-context-'));
  try {
    copyFileSync(process.execPath, join(context, 'node'));
    podman(
      [
        'build',
        '--quiet',
        '--build-arg',
        `DEBIAN_IMAGE=${localImages.debian}`,
        '-t',
        localImages.node,
        '-f',
        join(infraDir, 'podman', 'Containerfile.node'),
        context,
      ],
      { capture: true },
    );
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  log(`${localImages.node}: built with node ${process.version} from ${process.execPath}`);
  return localImages.node;
}

/** The stand-ins for the redis, postgres and prometheus images, on one base holding all three packages. */
export function buildServiceImages() {
  const targets = ['redis', 'postgres', 'prometheus'];
  if (targets.every((t) => imageExists(localImages[t]))) {
    log(`${targets.map((t) => localImages[t]).join(', ')}: exist, kept`);
    return;
  }
  if (!imageExists(localImages.servicesBase)) {
    // postgresql's package creates a cluster in /var/lib/postgresql/<major>/main; the image makes its own.
    const tar = debianRootfs(
      'services',
      ['tini', 'redis-server', 'postgresql', 'prometheus'],
      ['var/lib/postgresql', 'etc/postgresql'],
    );
    importRootfs(tar, localImages.servicesBase);
  }
  for (const target of targets) {
    podman(
      [
        'build',
        '--quiet',
        '--target',
        target,
        '--build-arg',
        `SERVICES_IMAGE=${localImages.servicesBase}`,
        '-t',
        localImages[target],
        '-f',
        join(infraDir, 'podman', 'Containerfile.services'),
        join(infraDir, 'podman'),
      ],
      { capture: true },
    );
    log(`${localImages[target]}: built`);
  }
}

export function seconds(since) {
  return ((Date.now() - since) / 1000).toFixed(1);
}
