'use strict';
// Finding the programs the scripts need (Redis, Postgres and Prometheus; podman and debootstrap for `infra/`), and
// installing the Debian packages that hold them when they are missing and we are root (CI is a clean Debian
// machine where the scripts must install what they need).
const { existsSync, readdirSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { isRoot, runCommand, which } = require('./commands.js');
const { ProvisioningError } = require('./provisioningError.js');

/**
 * @typedef {object} InstallOptions
 * @property {boolean} [install] install the Debian package when the program is missing and we are root (default:
 *   true)
 * @property {(message: string) => void} [log] progress lines for a person watching
 */

let aptUpdated = false;

// Held while apt-get runs, so this project's processes install one at a time.
const APT_TURN_LOCK = join(tmpdir(), 'droas-apt-get.lock');

/**
 * @param {string} pkg one package, or several separated by spaces (installed by one apt-get call)
 * @param {string} what
 * @param {InstallOptions} options
 */
async function installDebianPackage(pkg, what, options) {
  const log = options.log ?? (() => {});
  if (options.install === false || !isRoot) {
    throw new ProvisioningError(
      `${what} is not installed${isRoot ? '' : ' and this user cannot install it'}. Install it: ` +
        `sudo apt-get install -y ${pkg}`,
    );
  }
  if (!which('apt-get')) {
    throw new ProvisioningError(`${what} is missing and there is no apt-get here: install ${pkg} yourself.`);
  }
  // `env` sets DEBIAN_FRONTEND for apt-get alone (no prompts), whatever our own environment holds. Test
  // files in parallel jest workers may install at the same moment: flock takes turns (apt-get would fail on
  // its lock), and the kernel drops a dead holder's lock.
  const flock = which('flock');
  const turn = flock ? ['-w', '900', APT_TURN_LOCK, 'env'] : [];
  const apt = (/** @type {string[]} */ ...args) =>
    runCommand(flock ?? 'env', [...turn, 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args]);
  if (!aptUpdated) {
    log(`installing ${pkg} (apt-get update first)…`);
    const update = await apt('update', '-qq');
    if (update.code !== 0) {
      throw new ProvisioningError(`apt-get update failed (exit ${update.code}): ${update.stderr.trim()}`);
    }
    aptUpdated = true;
  } else {
    log(`installing ${pkg}…`);
  }
  const r = await apt('install', '-y', '-qq', '--no-install-recommends', ...pkg.split(' '));
  if (r.code !== 0) {
    throw new ProvisioningError(`apt-get install ${pkg} failed (exit ${r.code}): ${r.stderr.trim()}`);
  }
}

function findRedisServer() {
  return which('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined);
}

/**
 * The redis-server program, installed first when allowed.
 * @param {InstallOptions} [options]
 * @returns {Promise<string>}
 */
async function redisServerProgram(options = {}) {
  const found = findRedisServer();
  if (found) return found;
  await installDebianPackage('redis-server', 'Redis (redis-server)', options);
  const installed = findRedisServer();
  if (!installed) throw new ProvisioningError('redis-server is still missing after installing it.');
  return installed;
}

/**
 * redis-cli (creates a Redis Cluster), installed first when allowed. Debian's redis-server depends on
 * redis-tools, which holds it, so it is normally there already.
 * @param {InstallOptions} [options]
 * @returns {Promise<string>}
 */
async function redisCliProgram(options = {}) {
  const found = findProgram('redis-cli');
  if (found) return found;
  await installDebianPackage('redis-tools', 'Redis (redis-cli)', options);
  const installed = findProgram('redis-cli');
  if (!installed) throw new ProvisioningError('redis-cli is still missing after installing redis-tools.');
  return installed;
}

/**
 * @param {string} name
 * @returns {string | undefined}
 */
function findProgram(name) {
  return which(name) ?? (existsSync(`/usr/bin/${name}`) ? `/usr/bin/${name}` : undefined);
}

/**
 * A program of Debian's `prometheus` package (`prometheus`, `promtool`), installed first when allowed.
 * @param {'prometheus' | 'promtool'} name
 * @param {InstallOptions} options
 * @returns {Promise<string>}
 */
async function prometheusPackageProgram(name, options) {
  const found = findProgram(name);
  if (found) return found;
  await installDebianPackage('prometheus', `Prometheus (${name})`, options);
  const installed = findProgram(name);
  if (!installed) throw new ProvisioningError(`${name} is still missing after installing prometheus.`);
  return installed;
}

/**
 * promtool (checks and unit-tests Prometheus rules), installed first when allowed.
 * @param {InstallOptions} [options]
 * @returns {Promise<string>}
 */
function promtoolProgram(options = {}) {
  return prometheusPackageProgram('promtool', options);
}

/**
 * The Prometheus server program (run by the tests that watch alerts fire), installed first when allowed.
 * @param {InstallOptions} [options]
 * @returns {Promise<string>}
 */
function prometheusProgram(options = {}) {
  return prometheusPackageProgram('prometheus', options);
}

/** @returns {string | undefined} */
function findPostgresBinDir() {
  // Debian keeps each major version's server programs off PATH, under /usr/lib/postgresql/<major>/bin.
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const newest = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a))[0];
    if (newest) return join(root, newest, 'bin');
  }
  const initdb = which('initdb');
  return initdb ? initdb.replace(/\/initdb$/, '') : undefined;
}

/**
 * The folder holding postgres, initdb, pg_isready, psql and createdb, installed first when allowed.
 * @param {InstallOptions} [options]
 * @returns {Promise<string>}
 */
async function postgresBinDir(options = {}) {
  const found = findPostgresBinDir();
  if (found) return found;
  await installDebianPackage('postgresql', 'PostgreSQL', options);
  const installed = findPostgresBinDir();
  if (!installed) throw new ProvisioningError('PostgreSQL is still missing after installing it.');
  return installed;
}

/**
 * @param {{ install?: boolean, log?: (message: string) => void }} options
 * @returns {InstallOptions} only the fields that are set (exactOptionalPropertyTypes)
 */
function installOptions(options) {
  return {
    ...(options.install === undefined ? {} : { install: options.install }),
    ...(options.log ? { log: options.log } : {}),
  };
}

/**
 * @typedef {object} DebianProgram
 * @property {string} pkg the Debian package that holds it
 * @property {string} path where the package puts it (some live off PATH, e.g. under /usr/lib/podman)
 */

/**
 * Makes sure every program is installed, installing the packages of those missing with one apt-get call
 * when allowed. Resolves when all are there; throws a ProvisioningError naming what to install otherwise.
 * @param {DebianProgram[]} programs
 * @param {string} what what they are for, for a person reading the error
 * @param {InstallOptions} [options]
 * @returns {Promise<void>}
 */
async function debianPrograms(programs, what, options = {}) {
  const missing = () => programs.filter((p) => !existsSync(p.path));
  const packages = [...new Set(missing().map((p) => p.pkg))];
  if (packages.length === 0) return;
  await installDebianPackage(packages.join(' '), what, options);
  const still = missing().map((p) => p.path);
  if (still.length > 0)
    throw new ProvisioningError(`${still.join(', ')} still missing after installing them.`);
}

module.exports = {
  debianPrograms,
  findPostgresBinDir,
  installOptions,
  postgresBinDir,
  prometheusProgram,
  promtoolProgram,
  redisCliProgram,
  redisServerProgram,
};
