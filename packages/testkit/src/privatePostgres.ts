import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnv } from './env.js';
import { freePort } from './privateRedis.js';

export interface PrivatePostgres {
  /** Connection string of the `droas` database, migrated. */
  readonly url: string;
  /** Shuts the server down ("fast": sessions are cut), as an outage would begin. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it for good and deletes its data. */
  close(): Promise<void>;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * A Postgres server of this test's own, for tests that take the database away. Runs as the unprivileged
 * `postgres` user when the tests run as root (Postgres refuses root). The schema is applied with the db
 * package's migrate CLI, which must be built (npm test builds first).
 */
export async function startPrivatePostgres(options: { migrateCli: string }): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'droas-pg-'));
  chmodSync(dir, 0o755);
  if (isRoot) chownSync(dir, idOf('-u'), idOf('-g'));
  const data = join(dir, 'data');
  const init = asPostgres(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'droas',
    '--auth',
    'trust',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  const r = spawnSync(init.cmd, init.args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr}`);
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    if (child) return;
    const settings = [
      'listen_addresses=127.0.0.1',
      `port=${port}`,
      'unix_socket_directories=',
      'fsync=off',
      'max_connections=200',
    ];
    const run = asPostgres(join(bin, 'postgres'), ['-D', data, ...settings.flatMap((s) => ['-c', s])]);
    const proc = spawn(run.cmd, run.args, { stdio: 'ignore' });
    child = proc;
    proc.once('exit', () => {
      if (child === proc) child = undefined;
    });
    const deadline = Date.now() + 30_000;
    while (
      spawnSync(join(bin, 'pg_isready'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'droas',
        '-d',
        'postgres',
      ]).status !== 0
    ) {
      if (Date.now() > deadline) throw new Error(`private Postgres on ${port} not ready within 30 s`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGINT');
    await exited;
    child = undefined;
  };

  await start();
  const env = { PATH: testEnv.path(), PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'droas' };
  const created = spawnSync(join(bin, 'createdb'), ['droas'], { env, encoding: 'utf8' });
  if (created.status !== 0) throw new Error(`createdb failed: ${created.stderr}`);
  const url = `postgres://droas@127.0.0.1:${port}/droas`;
  const migrated = spawnSync(process.execPath, [options.migrateCli], {
    env: { ...env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (migrated.status !== 0)
    throw new Error(`migrating the private Postgres failed: ${migrated.stderr}${migrated.stdout}`);

  return {
    url,
    start,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))[0]
    : undefined;
  if (!version) throw new Error('no PostgreSQL server under /usr/lib/postgresql (npm test installs it)');
  return join(root, version, 'bin');
}

function asPostgres(cmd: string, args: string[]): { cmd: string; args: string[] } {
  return isRoot
    ? { cmd: 'setpriv', args: ['--reuid=postgres', '--regid=postgres', '--init-groups', cmd, ...args] }
    : { cmd, args };
}

function idOf(flag: '-u' | '-g'): number {
  return Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
}
