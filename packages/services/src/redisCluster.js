'use strict';
// A Redis Cluster of our own on loopback: `primaries` × (1 + `replicasPerPrimary`) redis-servers, each one
// startRedis node (same settings as the single Redis) with `cluster-enabled` on, in a folder named after its
// port, joined by `redis-cli --cluster create`. It can also kill and restart single nodes, for failover tests.
const { mkdirSync, readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { readClusterHealth, toClusterNode } = require('./clusterHealth.js');
const { CLUSTER_SLOTS, parseClusterNodes } = require('./clusterNodes.js');
const { runCommand } = require('./commands.js');
const { installOptions, redisCliProgram } = require('./debianPackages.js');
const { canListen } = require('./freePort.js');
const { ProvisioningError } = require('./provisioningError.js');
const { redisCommand } = require('./redisCommand.js');
const { findRunningRedis, startRedis } = require('./redisServer.js');

/**
 * @typedef {import('./clusterNodes.js').ClusterNodeEntry} ClusterNodeEntry
 * @typedef {import('./redisServer.js').RedisServer} RedisServer
 * @typedef {import('./redisServer.js').FoundServer} FoundServer
 */

/**
 * @typedef {object} RedisClusterOptions
 * @property {string} dir its folder; each node keeps its files in `<dir>/<port>`
 * @property {number} [primaries] at least 3, as redis-cli requires (default: 3)
 * @property {number} [replicasPerPrimary] (default: 1)
 * @property {number[]} [ports] the nodes' client ports, one per node (default: free ports between 20000 and
 *   22767, so that neither they nor their cluster-bus ports, 10000 higher, fall in Linux's range for
 *   outgoing connections)
 * @property {boolean} [appendOnly] see RedisOptions (default: true)
 * @property {'always' | 'everysec' | 'no'} [appendFsync] see RedisOptions (default: 'everysec')
 * @property {Record<string, string | number>} [config] other redis.conf directives for every node
 * @property {number} [nodeTimeoutMs] `cluster-node-timeout`: how long a node may be unreachable before the
 *   others fail it over (default: 2000, which the failover tests wait on; Redis's own default is 15000)
 * @property {boolean} [stopWithParent] see ManagedProcess (default: false)
 * @property {boolean} [install] install redis-server and redis-cli (Debian) when missing (default: true)
 * @property {(message: string) => void} [log]
 */

/**
 * @typedef {import('./clusterHealth.js').ClusterNode} ClusterNode
 */

/**
 * @typedef {object} RedisCluster a running Redis Cluster
 * @property {'redis-cluster'} kind
 * @property {string} url every node as a comma-separated list of `redis://127.0.0.1:PORT` seeds
 * @property {number[]} ports
 * @property {string} dir
 * @property {ClusterNode[]} nodes the running nodes, as of the last waitHealthy() (start's included)
 * @property {() => number[]} pids the running nodes' pids
 * @property {(port: number, signal?: NodeJS.Signals) => Promise<void>} killNode signals one node (default:
 *   SIGKILL, a crash) and resolves once it has exited
 * @property {(port: number) => Promise<void>} restartNode starts a stopped or killed node again with its
 *   folder and config; it rejoins the cluster (a replaced primary as a replica), so waitHealthy() next
 * @property {(options?: { timeoutMs?: number }) => Promise<ClusterNode[]>} waitHealthy resolves once every
 *   running node reports `cluster_state:ok`, sees every other running node reachable, agrees with the others
 *   on who holds which slots and who follows whom, and every running replica's link to its primary is up;
 *   rejects with a ProvisioningError naming what was still wrong (default timeout: 30000 ms)
 * @property {(key: string) => Promise<number>} keySlot CLUSTER KEYSLOT
 * @property {(slot: number) => Promise<ClusterNode>} primaryForSlot the primary that holds a slot now
 * @property {(key: string) => Promise<ClusterNode & { slot: number }>} nodeForKey the primary that holds a key
 * @property {() => Promise<ClusterNodeEntry[]>} clusterNodes CLUSTER NODES of a running node, parsed
 * @property {() => Promise<void>} stop stops every node (SIGTERM; SIGKILL after 15 s); idempotent
 * @property {() => Promise<void>} close stops every node and deletes the folder
 */

const ClusterDefaults = /** @type {const} */ ({
  primaries: 3,
  replicasPerPrimary: 1,
  nodeTimeoutMs: 2_000,
  healthyTimeoutMs: 30_000,
  pollMs: 100,
});

// Redis listens for its cluster bus on the client port + 10000.
const BUS_PORT_OFFSET = 10_000;
// Below 32768, where Linux starts handing out ports for outgoing connections, bus ports included.
const AUTO_PORTS = /** @type {const} */ ({ first: 20_000, last: 22_767 });

/**
 * Starts the nodes, creates the cluster and resolves once it is healthy (see waitHealthy).
 * @param {RedisClusterOptions} options
 * @returns {Promise<RedisCluster>}
 */
async function startRedisCluster(options) {
  const primaries = options.primaries ?? ClusterDefaults.primaries;
  const replicasPerPrimary = options.replicasPerPrimary ?? ClusterDefaults.replicasPerPrimary;
  if (!Number.isSafeInteger(primaries) || primaries < 3) {
    throw new RangeError(`primaries must be a whole number of at least 3, got ${primaries}`);
  }
  if (!Number.isSafeInteger(replicasPerPrimary) || replicasPerPrimary < 0) {
    throw new RangeError(
      `replicasPerPrimary must be a whole number of at least 0, got ${replicasPerPrimary}`,
    );
  }
  const size = primaries * (1 + replicasPerPrimary);
  if (options.ports && options.ports.length !== size) {
    throw new RangeError(`ports must list ${size} ports (one per node), got ${options.ports.length}`);
  }
  const startedAt = Date.now();
  const log = options.log ?? (() => {});
  const cli = await redisCliProgram(installOptions(options));
  mkdirSync(options.dir, { recursive: true });

  /** @type {Map<number, RedisServer>} */
  const servers = new Map();
  const stopAll = () => Promise.all([...servers.values()].map((s) => s.stop()));
  try {
    const ports = options.ports ? await checkPorts(options.ports) : await pickFreePorts(size);
    // A port taken meanwhile by someone else fails that node alone, and it moves to another.
    const started = await Promise.allSettled(
      ports.map((port) => startNodeOn(port, options, !options.ports, ports)),
    );
    for (const result of started)
      if (result.status === 'fulfilled') servers.set(result.value.port, result.value);
    const failed = started.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const nodePorts = [...servers.keys()];
    const create = await runCommand(cli, [
      '--cluster',
      'create',
      ...nodePorts.map((p) => `127.0.0.1:${p}`),
      '--cluster-replicas',
      String(replicasPerPrimary),
      '--cluster-yes',
    ]);
    // redis-cli colours its lines whenever TERM names an xterm, pipe or not.
    // eslint-disable-next-line no-control-regex -- the escape is what is removed
    const output = `${create.stdout}${create.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    if (create.code !== 0 || !output.includes(`All ${CLUSTER_SLOTS} slots covered`)) {
      throw new ProvisioningError(
        `redis-cli --cluster create failed (exit ${create.code}) for nodes ${nodePorts.join(', ')}; ` +
          `their logs are in ${options.dir}/<port>/redis.log. Its output:\n` +
          output
            .trimEnd()
            .split('\n')
            .slice(-20)
            .map((l) => `    ${l}`)
            .join('\n'),
      );
    }
    const cluster = clusterOf(options.dir, servers);
    await cluster.waitHealthy();
    log(
      `redis cluster of ${primaries} primaries and ${primaries * replicasPerPrimary} replicas on ports ` +
        `${nodePorts.join(', ')} ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    return cluster;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * @param {number[]} ports
 * @returns {Promise<number[]>}
 */
async function checkPorts(ports) {
  for (const port of ports) {
    if (!(await canListen(port)) || !(await canListen(port + BUS_PORT_OFFSET))) {
      throw new ProvisioningError(
        `port ${port} or its cluster-bus port ${port + BUS_PORT_OFFSET} is in use on 127.0.0.1: ` +
          'choose other ports for the Redis Cluster, or stop what holds them',
      );
    }
  }
  return ports;
}

/**
 * @param {number} count
 * @param {number[]} [taken]
 * @returns {Promise<number[]>}
 */
async function pickFreePorts(count, taken = []) {
  /** @type {number[]} */
  const ports = [];
  const span = AUTO_PORTS.last - AUTO_PORTS.first + 1;
  for (let tries = 0; ports.length < count; tries++) {
    if (tries > count * 100) {
      throw new ProvisioningError(
        `could not find ${count} free port pairs (P and P+${BUS_PORT_OFFSET}) between ` +
          `${AUTO_PORTS.first} and ${AUTO_PORTS.last} on 127.0.0.1; pass ports explicitly`,
      );
    }
    const port = AUTO_PORTS.first + Math.floor(Math.random() * span);
    if (ports.includes(port) || taken.includes(port)) continue;
    if ((await canListen(port)) && (await canListen(port + BUS_PORT_OFFSET))) ports.push(port);
  }
  return ports;
}

/**
 * One node; on a port we picked, a node that cannot start (someone took the port since) gets another.
 * @param {number} port
 * @param {RedisClusterOptions} options
 * @param {boolean} mayMove
 * @param {number[]} taken
 * @returns {Promise<RedisServer>}
 */
async function startNodeOn(port, options, mayMove, taken) {
  for (let attempt = 1; ; attempt++) {
    const dir = join(options.dir, String(port));
    try {
      return await startRedis({
        dir,
        port,
        ...(options.appendOnly === undefined ? {} : { appendOnly: options.appendOnly }),
        ...(options.appendFsync === undefined ? {} : { appendFsync: options.appendFsync }),
        ...(options.install === undefined ? {} : { install: options.install }),
        ...(options.log ? { log: options.log } : {}),
        stopWithParent: options.stopWithParent ?? false,
        config: {
          // A replica's first sync otherwise waits 5 s for more replicas to share the transfer; here each
          // primary has its own few, all connecting at once, and a start or a failover test waits on them.
          'repl-diskless-sync-delay': 0,
          ...options.config,
          'cluster-enabled': 'yes',
          'cluster-config-file': join(dir, 'nodes.conf'),
          'cluster-node-timeout': options.nodeTimeoutMs ?? ClusterDefaults.nodeTimeoutMs,
        },
      });
    } catch (error) {
      if (!mayMove || attempt >= 3) throw error;
      rmSync(dir, { recursive: true, force: true });
      [port] = /** @type {[number]} */ (await pickFreePorts(1, [...taken, port]));
    }
  }
}

/**
 * @param {string} dir
 * @param {Map<number, RedisServer>} servers
 * @returns {RedisCluster}
 */
function clusterOf(dir, servers) {
  const ports = [...servers.keys()];
  const runningPorts = () => ports.filter((p) => servers.get(p)?.running());
  const serverOn = (/** @type {number} */ port) => {
    const server = servers.get(port);
    if (!server) throw new RangeError(`no node of this cluster listens on port ${port}`);
    return server;
  };
  /** Asks the running nodes in turn until one answers. @param {string[]} args */
  const ask = async (args) => {
    let lastError;
    for (const port of runningPorts()) {
      try {
        return await redisCommand(port, args);
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError ?? new Error('no node of the cluster is running');
  };
  const clusterNodes = async () => parseClusterNodes(String(await ask(['CLUSTER', 'NODES'])));
  const primaryForSlot = async (/** @type {number} */ slot) => {
    const entries = await clusterNodes();
    const owner = entries.find((e) => e.slots.some(([first, last]) => slot >= first && slot <= last));
    if (!owner) throw new Error(`no primary holds slot ${slot}`);
    return toClusterNode(owner, entries);
  };
  const keySlot = async (/** @type {string} */ key) => Number(await ask(['CLUSTER', 'KEYSLOT', key]));

  /** @type {RedisCluster} */
  const cluster = {
    kind: 'redis-cluster',
    url: ports.map((p) => `redis://127.0.0.1:${p}`).join(','),
    ports,
    dir,
    nodes: [],
    pids: () => ports.flatMap((p) => servers.get(p)?.pid() ?? []),
    async killNode(port, signal = 'SIGKILL') {
      const server = serverOn(port);
      const pid = server.pid();
      if (pid === undefined) throw new Error(`the node on port ${port} is not running`);
      const exited = new Promise((resolve) => {
        const unsubscribe = server.onExit(() => {
          unsubscribe();
          resolve(undefined);
        });
      });
      process.kill(pid, signal);
      await exited;
    },
    restartNode: (port) => serverOn(port).start(),
    async waitHealthy({ timeoutMs = ClusterDefaults.healthyTimeoutMs } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const health = await readClusterHealth(runningPorts()).catch((/** @type {Error} */ error) => ({
          problem: error.message,
          nodes: [],
        }));
        if (health.problem === undefined) {
          cluster.nodes = health.nodes;
          return health.nodes;
        }
        if (Date.now() > deadline) {
          throw new ProvisioningError(
            `the Redis Cluster on ports ${ports.join(', ')} was not healthy within ${timeoutMs} ms: ` +
              `${health.problem}; the nodes' logs are in ${dir}/<port>/redis.log`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, ClusterDefaults.pollMs));
      }
    },
    keySlot,
    primaryForSlot,
    async nodeForKey(key) {
      const slot = await keySlot(key);
      return { ...(await primaryForSlot(slot)), slot };
    },
    clusterNodes,
    async stop() {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    },
    async close() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/**
 * @typedef {object} FoundCluster a Redis Cluster some other process started in a folder
 * @property {string} url comma-separated seeds
 * @property {number[]} pids
 * @property {() => Promise<void>} stop signals every node to stop and waits
 */

/**
 * The Redis Cluster running in `dir` (started by startRedisCluster, perhaps by another process), if every
 * node found there answers and the first reports `cluster_state:ok`.
 * @param {{ dir: string }} options
 * @returns {Promise<FoundCluster | undefined>}
 */
async function findRunningRedisCluster({ dir }) {
  let folders;
  try {
    folders = readdirSync(dir).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const found = await Promise.all(folders.map((name) => findRunningRedis({ dir: join(dir, name) })));
  /** @type {FoundServer[]} */
  const nodes = found.filter((n) => n !== undefined);
  if (nodes.length === 0 || nodes.length !== folders.length) return undefined;
  const info = await redisCommand(nodes[0]?.port ?? 0, ['CLUSTER', 'INFO']).catch(() => '');
  if (!/^cluster_state:ok/m.test(String(info))) return undefined;
  return {
    url: nodes.map((n) => n.url).join(','),
    pids: nodes.map((n) => n.pid),
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
    },
  };
}

module.exports = { findRunningRedisCluster, startRedisCluster };
