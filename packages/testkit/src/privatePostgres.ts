import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '@droas/services';
import { testEnv } from './env.js';

export interface PrivatePostgres {
  /** Connection string of the `droas` database, migrated. */
  readonly url: string;
  /** Shuts the server down ("fast": sessions are cut), as an outage would begin. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** stop(), then start(). */
  restart(): Promise<void>;
  /** The server's pid while it runs: `process.kill(pg.pid()!, 'SIGKILL')` is a crash. */
  pid(): number | undefined;
  /** Stops it for good and deletes its data. */
  close(): Promise<void>;
}

/**
 * A Postgres server of this test's own, for tests that take the database away, in a temporary folder with
 * fsync off. Started by @droas/services (as the unprivileged `postgres` user when the tests run as root). The
 * schema is applied with the db package's migrate CLI, which must be built (npm test builds first).
 */
export async function startPrivatePostgres(options: {
  migrateCli: string;
  /** Any other postgresql.conf setting. */
  settings?: Record<string, string | number>;
}): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'droas-pg-'));
  chmodSync(dir, 0o755); // the postgres user must enter it when we are root
  const server = await startPostgres({
    dir,
    fsync: false,
    settings: { max_connections: 200, ...options.settings },
    stopWithParent: true, // a crashed jest worker leaves no server behind
  });
  const migrated = spawnSync(process.execPath, [options.migrateCli], {
    env: { PATH: testEnv.path(), DATABASE_URL: server.url, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
  });
  if (migrated.status !== 0) {
    await server.close();
    throw new Error(`migrating the private Postgres failed: ${migrated.stderr}${migrated.stdout}`);
  }
  return {
    url: server.url,
    stop: server.stop,
    start: server.start,
    restart: server.restart,
    pid: server.pid,
    close: server.close,
  };
}
