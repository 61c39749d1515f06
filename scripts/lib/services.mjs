// Provisions the Redis and Postgres that `npm start` and `npm test` need, with nothing but Node's standard
// library: these scripts run before `node_modules` exists. A variable that is already set (REDIS_URL,
// DATABASE_URL) always wins; otherwise a private instance is started on a free loopback port, installing the
// Debian package first when we are root and it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  chownSync,
  openSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { log, fail } from './log.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on host:port, or rejects after timeoutMs. */
export async function waitForPort(port, host = '127.0.0.1', timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

let aptUpdated = false;
function aptInstall(pkg, why) {
  if (!isRoot) {
    fail(
      `${why} is not installed and this user cannot install it.\n` +
        `  Install it:   sudo apt-get install -y ${pkg}\n` +
        `  or point DROAS at one you run:   export ${pkg.startsWith('redis') ? 'REDIS_URL=redis://HOST:PORT' : 'DATABASE_URL=postgres://USER:PASS@HOST:PORT/DB'}`,
    );
  }
  if (!which('apt-get')) {
    fail(
      `${why} is missing and there is no apt-get here. Install ${pkg} with your package manager, or set the URL variable.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    log(`installing ${pkg} (apt-get update first)…`);
    const u = spawnSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (u.status !== 0) fail(`apt-get update failed (exit ${u.status}); install ${pkg} by hand.`);
    aptUpdated = true;
  }
  const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  });
  if (r.status !== 0) fail(`apt-get install ${pkg} failed (exit ${r.status}); install it by hand.`);
}

function redisBinary() {
  return which('redis-server') ?? (existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : null);
}

function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  const initdb = which('initdb');
  return initdb ? initdb.replace(/\/initdb$/, '') : null;
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A child service process. `stop()` asks it to shut down (SIGTERM for Redis, SIGINT = "fast" for Postgres),
 * waits, and kills it if it will not go.
 */
function superviseChild(name, child, stopSignal) {
  let exited = false;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  return {
    name,
    pid: child.pid,
    exited: () => exited,
    exitPromise,
    async stop(timeoutMs = 15_000) {
      if (exited) return;
      child.kill(stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/**
 * Makes sure a Redis is reachable. Returns `{ url, process? }`.
 * @param {{ dir: string, persistent: boolean }} opts persistent: append-only file on (npm start) or off (tests)
 */
export async function ensureRedis({ dir, persistent }) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, external: true };
  let bin = redisBinary();
  if (!bin) {
    aptInstall('redis-server', 'Redis (redis-server)');
    bin = redisBinary();
    if (!bin) fail('redis-server is still missing after installing it.');
  }
  mkdirSync(dir, { recursive: true });
  const port = await findFreePort();
  const logFd = openSync(join(dir, 'redis.log'), 'a');
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--daemonize',
    'no',
    // BullMQ requires noeviction: an evicted job key is a lost job.
    '--maxmemory-policy',
    'noeviction',
    '--save',
    '',
    '--appendonly',
    persistent ? 'yes' : 'no',
  ];
  const child = spawn(bin, args, { stdio: ['ignore', logFd, logFd] });
  const proc = superviseChild('redis', child, 'SIGTERM');
  await Promise.race([
    waitForPort(port),
    proc.exitPromise.then(() => {
      throw new Error(`redis-server exited at start; see ${join(dir, 'redis.log')}`);
    }),
  ]);
  return { url: `redis://127.0.0.1:${port}`, process: proc, external: false };
}

function runAsPostgres(bin, args, opts = {}) {
  // Postgres refuses to run as root; setpriv execs in place, so the child pid is the server itself.
  if (!isRoot) return { cmd: bin, args };
  return {
    cmd: 'setpriv',
    args: ['--reuid=postgres', '--regid=postgres', '--init-groups', '--reset-env', bin, ...args],
    ...opts,
  };
}

function postgresUserCanWrite(dir) {
  if (!isRoot) return true;
  const r = spawnSync('setpriv', [
    '--reuid=postgres',
    '--regid=postgres',
    '--init-groups',
    'test',
    '-w',
    dir,
  ]);
  return r.status === 0;
}

/**
 * Makes sure a Postgres is reachable. Returns `{ url, process? }`.
 * @param {{ dir: string, fallbackDir: string, persistent: boolean }} opts
 *   dir: where the cluster lives; fallbackDir: used when root runs us from a folder the postgres user
 *   cannot reach (a clone under /root). persistent: fsync on (npm start) or off (tests).
 */
export async function ensurePostgres({ dir, fallbackDir, persistent }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, external: true };
  let binDir = postgresBinDir();
  if (!binDir) {
    aptInstall('postgresql', 'PostgreSQL');
    binDir = postgresBinDir();
    if (!binDir) fail('PostgreSQL is still missing after installing it.');
  }
  if (isRoot && spawnSync('id', ['postgres']).status !== 0) {
    fail(
      'running as root, Postgres needs the unprivileged "postgres" user (the postgresql package creates it).',
    );
  }

  mkdirSync(dir, { recursive: true });
  let dataRoot = dir;
  if (isRoot) {
    chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    if (!postgresUserCanWrite(dir)) {
      dataRoot = fallbackDir;
      mkdirSync(dataRoot, { recursive: true, mode: 0o755 });
      chownSync(dataRoot, uidOf('postgres'), gidOf('postgres'));
      log(`the postgres user cannot reach ${dir}; keeping Postgres data in ${dataRoot}`);
    }
  }
  const dataDir = join(dataRoot, 'data');
  const passwordFile = join(dataRoot, 'password');

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    const password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
    if (isRoot) chownSync(passwordFile, uidOf('postgres'), gidOf('postgres'));
    const init = runAsPostgres(join(binDir, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'droas',
      '--pwfile',
      passwordFile,
      '--auth-host',
      'scram-sha-256',
      '--auth-local',
      'scram-sha-256',
      '-E',
      'UTF8',
      '--no-instructions',
    ]);
    const r = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
    if (r.status !== 0) fail(`initdb failed:\n${r.stdout}\n${r.stderr}`);
  }
  const password = readFileSync(passwordFile, 'utf8').trim();

  // A server left behind by a run that was killed holds the data directory: stop it first.
  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isAlive(pid)) {
      log(`stopping a Postgres left running by an earlier run (pid ${pid})`);
      process.kill(pid, 'SIGINT');
      const deadline = Date.now() + 15_000;
      while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    }
  }

  const port = await findFreePort();
  const settings = [
    `listen_addresses=127.0.0.1`,
    `port=${port}`,
    `unix_socket_directories=`,
    `max_connections=300`,
    `shared_buffers=128MB`,
    ...(persistent ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off']),
  ];
  const start = runAsPostgres(join(binDir, 'postgres'), [
    '-D',
    dataDir,
    ...settings.flatMap((s) => ['-c', s]),
  ]);
  const logFd = openSync(join(dataRoot, 'postgres.log'), 'a');
  const child = spawn(start.cmd, start.args, { stdio: ['ignore', logFd, logFd] });
  const proc = superviseChild('postgres', child, 'SIGINT');
  await Promise.race([
    waitForPostgres(binDir, port, password),
    proc.exitPromise.then(() => {
      throw new Error(`postgres exited at start; see ${join(dataRoot, 'postgres.log')}`);
    }),
  ]);

  const pgEnv = {
    ...process.env,
    PGPASSWORD: password,
    PGHOST: '127.0.0.1',
    PGPORT: String(port),
    PGUSER: 'droas',
  };
  const exists = spawnSync(
    join(binDir, 'psql'),
    ['-d', 'postgres', '-Atc', "select 1 from pg_database where datname='droas'"],
    {
      env: pgEnv,
      encoding: 'utf8',
    },
  );
  if (exists.stdout.trim() !== '1') {
    const r = spawnSync(join(binDir, 'createdb'), ['droas'], { env: pgEnv, encoding: 'utf8' });
    if (r.status !== 0) fail(`createdb failed: ${r.stderr}`);
  }
  return {
    url: `postgres://droas:${encodeURIComponent(password)}@127.0.0.1:${port}/droas`,
    process: proc,
    external: false,
    dataDir,
  };
}

async function waitForPostgres(binDir, port, password) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = spawnSync(
      join(binDir, 'pg_isready'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', 'droas', '-d', 'postgres'],
      {
        env: { ...process.env, PGPASSWORD: password },
      },
    );
    if (r.status === 0) return;
    if (Date.now() > deadline) throw new Error(`Postgres on port ${port} was not ready within 60 s`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

function uidOf(user) {
  return Number(spawnSync('id', ['-u', user], { encoding: 'utf8' }).stdout.trim());
}
function gidOf(user) {
  return Number(spawnSync('id', ['-g', user], { encoding: 'utf8' }).stdout.trim());
}

/** Hides the password of a URL for printing. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable url>';
  }
}
