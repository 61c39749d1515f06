// The Redis and Postgres that `npm start` keeps in .droas/, and who may stop them. `npm start` runs its own
// and supervises them; the helper scripts (migrate, economy:verify) use the Postgres that is running and
// never stop a server they did not start. `<stateDir>/<server>.owner` names the process that started each
// one, so a server left behind by a killed run can be told from one in use.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRunningPostgres, findRunningRedis, isAlive, startPostgres, startRedis } from './services.mjs';
import { repoRoot } from './deps.mjs';

/** Where npm start keeps its servers' data, its logs and who owns what; DROAS_STATE_DIR moves it (tests). */
export const stateDir = process.env.DROAS_STATE_DIR || join(repoRoot, '.droas');

/**
 * The local servers kept in `stateDir` (the scripts' tests use a temporary one).
 * @param {{ stateDir: string, postgresFallbackDir?: string }} options
 */
export function createLocalServices({ stateDir, postgresFallbackDir }) {
  const redisDir = join(stateDir, 'redis');
  const postgresDirs = {
    dir: join(stateDir, 'postgres'),
    ...(postgresFallbackDir ? { fallbackDir: postgresFallbackDir } : {}),
  };
  const ownerFile = (name) => join(stateDir, `${name}.owner`);

  function writeOwner(name, command) {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(ownerFile(name), `${JSON.stringify({ pid: process.pid, command })}\n`);
  }

  /** @returns {{ pid: number, command: string } | undefined} */
  function readOwner(name) {
    try {
      const owner = JSON.parse(readFileSync(ownerFile(name), 'utf8'));
      return Number.isInteger(owner.pid) ? owner : undefined;
    } catch {
      return undefined;
    }
  }

  /** Forgets that this process owns the local servers (once it has stopped them). */
  function releaseOwnership() {
    for (const name of ['redis', 'postgres']) {
      if (readOwner(name)?.pid === process.pid) rmSync(ownerFile(name), { force: true });
    }
  }

  return {
    releaseOwnership,

    /**
     * One `npm start` per checkout: a second would share the first one's servers and logs. Returns the
     * release; throws naming the one running.
     */
    claimStack() {
      const file = join(stateDir, 'start.pid');
      const holder = readPid(file);
      if (holder && holder !== process.pid && isNodeProcess(holder)) {
        throw new Error(`npm start is already running in this checkout (pid ${holder}); stop it first.`);
      }
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(file, `${process.pid}\n`);
      return () => {
        if (readPid(file) === process.pid) rmSync(file, { force: true });
      };
    },

    /**
     * npm start's Redis, append-only file on, in its own process group (the supervisor stops it last). A
     * Redis a killed run left behind is stopped first: two servers must not share one append-only file.
     * @param {(message: string) => void} log
     */
    async startStackRedis(log) {
      const left = await findRunningRedis({ dir: redisDir });
      if (left) {
        log(`stopping a Redis left running by an earlier run (pid ${left.pid})`);
        await left.stop();
      }
      const server = await startRedis({ ...stackServer, dir: redisDir, appendOnly: true, log });
      writeOwner('redis', 'npm start');
      return server;
    },

    /**
     * npm start's Postgres, in its own process group. One a helper script started is waited for (it is done
     * in seconds); one a killed run left behind is stopped first.
     * @param {(message: string) => void} log
     */
    async startStackPostgres(log) {
      let running = await findRunningPostgres(postgresDirs);
      for (let waited = 0; running; waited += 1) {
        const owner = readOwner('postgres');
        if (!owner || owner.pid === process.pid || !isNodeProcess(owner.pid)) {
          log(`stopping a Postgres left running by an earlier run (pid ${running.pid})`);
          await running.stop();
          break;
        }
        if (waited === 60) {
          throw new Error(
            `the local Postgres is still in use by ${owner.command} (pid ${owner.pid}); try again later.`,
          );
        }
        if (waited === 0)
          log(`waiting for ${owner.command} (pid ${owner.pid}) to finish with the local Postgres…`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        running = await findRunningPostgres(postgresDirs);
      }
      const server = await startPostgres({ ...stackServer, ...postgresDirs, log });
      writeOwner('postgres', 'npm start');
      return server;
    },

    /**
     * The local Postgres for a script that needs it for a moment: the one running (npm start's, usually),
     * used and left running; otherwise one of its own, which release() stops.
     * @param {{ log: (message: string) => void, command: string }} options command: what this script is, for
     *   whoever finds the server in use
     * @returns {Promise<{ url: string, shared: boolean, release: () => Promise<void> }>}
     */
    async useLocalPostgres({ log, command }) {
      const shared = (url) => ({ url, shared: true, release: async () => {} });
      const running = await findRunningPostgres(postgresDirs);
      if (running) return shared(running.url);
      let server;
      try {
        server = await startPostgres({ ...postgresDirs, stopWithParent: true, log });
      } catch (error) {
        // Another script may have started it between our look and our start: use that one.
        const raced = await findRunningPostgres(postgresDirs);
        if (raced) return shared(raced.url);
        throw error;
      }
      writeOwner('postgres', command);
      return {
        url: server.url,
        shared: false,
        async release() {
          await server.stop();
          releaseOwnership();
        },
      };
    },
  };
}

/** This checkout's local servers, in .droas/. */
export const localServices = createLocalServices({
  stateDir,
  // When root runs us from a folder the postgres user cannot enter (a clone under /root), the cluster lives
  // in /var/tmp under a name derived from this checkout (or from DROAS_STATE_DIR).
  postgresFallbackDir: join(
    '/var/tmp',
    `droas-${createHash('sha256')
      .update(process.env.DROAS_STATE_DIR ? stateDir : repoRoot)
      .digest('hex')
      .slice(0, 12)}`,
    'postgres',
  ),
});

/**
 * How npm start runs its servers: out of the terminal's process group (Ctrl-C reaches only npm start, which
 * stops them last), and stopped by the kernel should npm start itself be killed.
 */
const stackServer = { ownProcessGroup: true, stopWithParent: true };

/** @param {string} file */
function readPid(file) {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Alive and a node process: a pid file outlives its process, and the kernel reuses pids. */
function isNodeProcess(pid) {
  if (!isAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return !existsSync('/proc'); // no procfs to ask: trust the pid
  }
}
