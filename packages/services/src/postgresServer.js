'use strict';
// A Postgres cluster of our own: initdb'd on first start, run as the unprivileged `postgres` user when we
// are root (Postgres refuses to run as root), reached with a generated password over TCP on 127.0.0.1.
const { randomBytes } = require('node:crypto');
const { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { asUser, idsOf, isAlive, isRoot, runCommand, signalAndWait } = require('./commands.js');
const { findPostgresBinDir, installOptions, postgresBinDir } = require('./debianPackages.js');
const { findFreePort } = require('./freePort.js');
const { createManagedProcess } = require('./managedProcess.js');
const { ProvisioningError } = require('./provisioningError.js');
const { readNumber } = require('./readNumber.js');

/**
 * @typedef {import('./managedProcess.js').ManagedProcess} ManagedProcess
 * @typedef {import('./redisServer.js').FoundServer} FoundServer
 */

/**
 * @typedef {object} PostgresOptions
 * @property {string} dir its folder: data/, password, postgres.log
 * @property {string} [fallbackDir] used instead of `dir` when we are root and the postgres user cannot
 *   enter `dir` (a clone under /root) (default: none: that case fails)
 * @property {number} [port] on 127.0.0.1, kept across restarts (default: a free port)
 * @property {boolean} [fsync] false for throwaway data: fsync, synchronous_commit and full_page_writes off,
 *   initdb without syncing (default: true)
 * @property {string} [user] the superuser initdb creates (default: 'droas')
 * @property {string} [database] created when missing; the url points at it (default: 'droas')
 * @property {Record<string, string | number>} [settings] any other postgresql.conf setting
 * @property {boolean} [ownProcessGroup] see ManagedProcess (default: false)
 * @property {boolean} [stopWithParent] see ManagedProcess (default: false)
 * @property {boolean} [install] install postgresql (Debian) when missing (default: true)
 * @property {(message: string) => void} [log]
 */

/**
 * @typedef {ManagedProcess & {
 *   kind: 'postgres',
 *   url: string,
 *   port: number,
 *   dir: string,
 *   dataDir: string,
 *   close: () => Promise<void>,
 * }} PostgresServer a running Postgres; `dir` is the folder it really uses (`fallbackDir` perhaps);
 *   close() stops it for good and deletes that folder
 */

const PostgresDefaults = /** @type {const} */ ({
  fsync: true,
  user: 'droas',
  database: 'droas',
  settings: { max_connections: 300, shared_buffers: '128MB' },
});

const SQL_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Starts Postgres (initdb first when its folder is new), resolves once it accepts connections and the
 * database exists.
 * @param {PostgresOptions} options
 * @returns {Promise<PostgresServer>}
 */
async function startPostgres(options) {
  const user = options.user ?? PostgresDefaults.user;
  const database = options.database ?? PostgresDefaults.database;
  if (!SQL_NAME.test(user) || !SQL_NAME.test(database)) {
    throw new RangeError(`user and database must be lower-case SQL names, not ${user} / ${database}`);
  }
  const fsync = options.fsync ?? PostgresDefaults.fsync;
  const binDir = await postgresBinDir(installOptions(options));
  const dir = await prepareDataRoot(options);
  const dataDir = join(dir, 'data');
  const passwordFile = join(dir, 'password');
  if (!existsSync(join(dataDir, 'PG_VERSION')))
    await initdb({ binDir, dir, dataDir, passwordFile, user, fsync });
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = options.port ?? (await findFreePort());

  const settings = {
    ...PostgresDefaults.settings,
    ...(fsync ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
    listen_addresses: '127.0.0.1',
    port,
    unix_socket_directories: '',
  };
  const managed = createManagedProcess({
    name: 'postgres',
    logFile: join(dir, 'postgres.log'),
    cwd: dir,
    stopSignal: 'SIGINT', // "fast" shutdown: sessions are cut, nothing is lost
    ownProcessGroup: options.ownProcessGroup ?? false,
    stopWithParent: options.stopWithParent ?? false,
    commandLine: () =>
      asUser('postgres', join(binDir, 'postgres'), [
        '-D',
        dataDir,
        ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
      ]),
    isReady: () => isPostgresReady(binDir, port),
  });
  await managed.start();
  await ensureDatabase({ binDir, port, user, password, database });
  return {
    ...managed,
    kind: 'postgres',
    url: postgresUrl({ user, password, port, database }),
    port,
    dir,
    dataDir,
    async close() {
      await managed.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The Postgres running on the data in `dir` (or `fallbackDir`), started by startPostgres in this or another
 * process, if it accepts connections.
 * @param {{ dir: string, fallbackDir?: string, user?: string, database?: string }} options
 * @returns {Promise<FoundServer | undefined>}
 */
async function findRunningPostgres(options) {
  const binDir = findPostgresBinDir();
  if (!binDir) return undefined;
  for (const dir of [options.dir, options.fallbackDir]) {
    if (!dir) continue;
    // postmaster.pid: line 1 the pid, line 4 the port.
    const pidFile = join(dir, 'data', 'postmaster.pid');
    const pid = readNumber(pidFile, 0);
    const port = readNumber(pidFile, 3);
    const passwordFile = join(dir, 'password');
    if (!pid || !port || !existsSync(passwordFile) || !isAlive(pid)) continue;
    if (!(await isPostgresReady(binDir, port))) continue;
    return {
      pid,
      port,
      url: postgresUrl({
        user: options.user ?? PostgresDefaults.user,
        password: readFileSync(passwordFile, 'utf8').trim(),
        port,
        database: options.database ?? PostgresDefaults.database,
      }),
      stop: () => signalAndWait(pid, 'SIGINT', 15_000),
    };
  }
  return undefined;
}

/**
 * The folder the cluster lives in, owned by the postgres user when we are root.
 * @param {PostgresOptions} options
 */
async function prepareDataRoot(options) {
  mkdirSync(options.dir, { recursive: true });
  if (!isRoot) return options.dir;
  const ids = idsOf('postgres');
  if (!ids) {
    throw new ProvisioningError(
      'running as root, Postgres needs the unprivileged "postgres" user (the postgresql package creates it).',
    );
  }
  chownSync(options.dir, ids.uid, ids.gid);
  if (await postgresUserCanWrite(options.dir)) return options.dir;
  if (!options.fallbackDir) {
    throw new ProvisioningError(
      `the postgres user cannot enter ${options.dir}: give Postgres a folder it can reach (and its parents).`,
    );
  }
  mkdirSync(options.fallbackDir, { recursive: true, mode: 0o755 });
  chownSync(options.fallbackDir, ids.uid, ids.gid);
  options.log?.(
    `the postgres user cannot reach ${options.dir}; keeping Postgres data in ${options.fallbackDir}`,
  );
  return options.fallbackDir;
}

/** @param {string} dir */
async function postgresUserCanWrite(dir) {
  const probe = asUser('postgres', 'test', ['-w', dir]);
  return (await runCommand(probe.command, probe.args)).code === 0;
}

/**
 * @param {{ binDir: string, dir: string, dataDir: string, passwordFile: string, user: string, fsync: boolean }} a
 */
async function initdb({ binDir, dir, dataDir, passwordFile, user, fsync }) {
  // What an interrupted initdb left behind would make the next one refuse.
  rmSync(dataDir, { recursive: true, force: true });
  writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  const ids = isRoot ? idsOf('postgres') : undefined;
  if (ids) chownSync(passwordFile, ids.uid, ids.gid);
  const init = asUser('postgres', join(binDir, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    user,
    '--pwfile',
    passwordFile,
    '--auth-host',
    'scram-sha-256',
    '--auth-local',
    'scram-sha-256',
    '-E',
    'UTF8',
    '--no-instructions',
    ...(fsync ? [] : ['--no-sync']),
  ]);
  const r = await runCommand(init.command, init.args, { cwd: dir });
  if (r.code !== 0) throw new ProvisioningError(`initdb failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
}

/**
 * @param {string} binDir
 * @param {number} port
 */
async function isPostgresReady(binDir, port) {
  const r = await runCommand(join(binDir, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(port)]);
  return r.code === 0;
}

/**
 * @param {{ binDir: string, port: number, user: string, password: string, database: string }} a
 */
async function ensureDatabase({ binDir, port, user, password, database }) {
  const env = { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: user, PGPASSWORD: password };
  const exists = await runCommand(
    join(binDir, 'psql'),
    ['-X', '-d', 'postgres', '-Atc', `select 1 from pg_database where datname = '${database}'`],
    { env },
  );
  if (exists.code !== 0)
    throw new ProvisioningError(`psql could not list databases: ${exists.stderr.trim()}`);
  if (exists.stdout.trim() === '1') return;
  const created = await runCommand(join(binDir, 'createdb'), [database], { env });
  if (created.code !== 0)
    throw new ProvisioningError(`createdb ${database} failed: ${created.stderr.trim()}`);
}

/** @param {{ user: string, password: string, port: number, database: string }} a */
function postgresUrl({ user, password, port, database }) {
  return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

module.exports = { findRunningPostgres, startPostgres };
