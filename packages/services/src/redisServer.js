'use strict';
// A redis-server of our own: its files in one folder, its settings in a redis.conf written at every start.
// One node is the unit: a Redis Cluster (3 primaries + 3 replicas) is six of these with `cluster-enabled`
// in `config`, each in a folder of its own, joined with `redis-cli --cluster create`.
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { connect } = require('node:net');
const { join } = require('node:path');
const { isAlive, signalAndWait } = require('./commands.js');
const { installOptions, redisServerProgram } = require('./debianPackages.js');
const { findFreePort } = require('./freePort.js');
const { createManagedProcess } = require('./managedProcess.js');
const { readNumber } = require('./readNumber.js');

/**
 * @typedef {import('./managedProcess.js').ManagedProcess} ManagedProcess
 */

/**
 * @typedef {object} RedisOptions
 * @property {string} dir its folder: redis.conf, redis.pid, redis.log and the append-only files
 * @property {number} [port] on 127.0.0.1, kept across restarts (default: a free port)
 * @property {boolean} [appendOnly] keep every write in the append-only file, so data survives a restart
 *   (default: true)
 * @property {'always' | 'everysec' | 'no'} [appendFsync] how often the append-only file is fsynced
 *   (default: 'everysec')
 * @property {Record<string, string | number>} [config] any other redis.conf directive, e.g.
 *   `{ maxmemory: '64mb', 'maxmemory-policy': 'allkeys-lru' }`; '' is written as "" (`save: ''`)
 * @property {boolean} [ownProcessGroup] see ManagedProcess (default: false)
 * @property {boolean} [stopWithParent] see ManagedProcess (default: false)
 * @property {boolean} [install] install redis-server (Debian) when missing (default: true)
 * @property {(message: string) => void} [log]
 */

/**
 * @typedef {ManagedProcess & {
 *   kind: 'redis',
 *   url: string,
 *   port: number,
 *   dir: string,
 *   close: () => Promise<void>,
 * }} RedisServer a running redis-server; close() stops it for good and deletes its folder
 */

const RedisDefaults = /** @type {const} */ ({
  appendOnly: true,
  appendFsync: 'everysec',
  config: {
    // BullMQ requires noeviction: an evicted job key is a lost job.
    'maxmemory-policy': 'noeviction',
    // At 500 interactions/s the append-only file grows about 2.5 MB/s while the data stays near 10 MB: with
    // Redis's 64 MB default it would fork to rewrite every 25 s. 512 MB makes that every 3 to 4 minutes.
    'auto-aof-rewrite-min-size': '512mb',
  },
});

/**
 * Starts a redis-server and resolves once it answers PING.
 * @param {RedisOptions} options
 * @returns {Promise<RedisServer>}
 */
async function startRedis(options) {
  const program = await redisServerProgram(installOptions(options));
  const port = options.port ?? (await findFreePort());
  const { dir } = options;
  mkdirSync(dir, { recursive: true });
  const settings = {
    ...RedisDefaults.config,
    save: '', // no RDB snapshots: the append-only file (or nothing) is the persistence
    ...options.config,
    // Ours to decide, whatever `config` says: where it listens and keeps its files.
    port,
    bind: '127.0.0.1',
    dir,
    daemonize: 'no',
    pidfile: join(dir, 'redis.pid'),
    logfile: '', // stdout, which goes to redis.log
    appendonly: (options.appendOnly ?? RedisDefaults.appendOnly) ? 'yes' : 'no',
    appendfsync: options.appendFsync ?? RedisDefaults.appendFsync,
  };
  const confFile = join(dir, 'redis.conf');
  const managed = createManagedProcess({
    name: 'redis',
    logFile: join(dir, 'redis.log'),
    cwd: dir,
    stopSignal: 'SIGTERM', // Redis flushes its append-only file and exits
    ownProcessGroup: options.ownProcessGroup ?? false,
    stopWithParent: options.stopWithParent ?? false,
    commandLine: () => {
      writeFileSync(confFile, renderConfig(settings));
      return { command: program, args: [confFile] };
    },
    isReady: () => pingRedis(port),
  });
  await managed.start();
  return {
    ...managed,
    kind: 'redis',
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    async close() {
      await managed.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * @typedef {object} FoundServer a server some other process started, found through its pid file
 * @property {number} pid
 * @property {number} port
 * @property {string} url
 * @property {() => Promise<void>} stop signals it to stop, waits (SIGKILL after 15 s)
 */

/**
 * The redis-server running in `dir` (started by startRedis, perhaps by another process), if it answers.
 * @param {{ dir: string }} options
 * @returns {Promise<FoundServer | undefined>}
 */
async function findRunningRedis({ dir }) {
  const pid = readNumber(join(dir, 'redis.pid'), 0);
  const port = readConfigPort(join(dir, 'redis.conf'));
  if (!pid || !port || !isAlive(pid) || !(await pingRedis(port))) return undefined;
  return {
    pid,
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => signalAndWait(pid, 'SIGTERM', 15_000),
  };
}

/**
 * Whether a Redis on 127.0.0.1:port answers PING (not LOADING its data, not refusing).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function pingRedis(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (/** @type {boolean} */ ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
  });
}

/** @param {Record<string, string | number>} settings */
function renderConfig(settings) {
  const lines = Object.entries(settings).map(([key, value]) => `${key} ${value === '' ? '""' : value}`);
  return `# Written by @droas/services at every start; edits are lost.\n${lines.join('\n')}\n`;
}

/** @param {string} confFile */
function readConfigPort(confFile) {
  if (!existsSync(confFile)) return undefined;
  const match = /^port (\d+)$/m.exec(readFileSync(confFile, 'utf8'));
  return match ? Number(match[1]) : undefined;
}

module.exports = { findRunningRedis, pingRedis, startRedis };
