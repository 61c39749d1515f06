'use strict';
// Whether a Redis Cluster is healthy, as its running nodes see it.
const { CLUSTER_SLOTS, countSlots, layoutOf, parseClusterNodes } = require('./clusterNodes.js');
const { redisCommand } = require('./redisCommand.js');

/**
 * @typedef {import('./clusterNodes.js').ClusterNodeEntry} ClusterNodeEntry
 */

/**
 * @typedef {object} ClusterNode a node of the cluster as the cluster sees it
 * @property {number} port
 * @property {string} id
 * @property {'primary' | 'replica'} role
 * @property {Array<[number, number]>} slots a primary's slot ranges, first and last included
 * @property {number | undefined} primaryPort a replica's primary
 */

/**
 * What is wrong with the cluster as its running nodes see it (problem undefined: nothing), and its nodes.
 * @param {number[]} ports the running nodes
 * @returns {Promise<{ problem: string | undefined, nodes: ClusterNode[] }>}
 */
async function readClusterHealth(ports) {
  /** @type {Map<number, ClusterNodeEntry[]>} */
  const views = new Map();
  for (const port of ports) {
    const info = String(await redisCommand(port, ['CLUSTER', 'INFO']));
    const state = /^cluster_state:(\w+)/m.exec(info)?.[1] ?? 'unknown';
    if (state !== 'ok') return { problem: `node ${port} reports cluster_state:${state}`, nodes: [] };
    views.set(port, parseClusterNodes(String(await redisCommand(port, ['CLUSTER', 'NODES']))));
  }
  /** @type {ClusterNodeEntry[] | undefined} */
  let first;
  for (const [port, entries] of views) {
    for (const other of ports) {
      const seen = entries.find((e) => e.port === other);
      if (!seen || seen.failing || seen.flags.includes('handshake')) {
        return { problem: `node ${port} does not see node ${other} as a reachable member yet`, nodes: [] };
      }
    }
    // Served, not merely assigned: a killed primary keeps its slots in every view until it is failed over.
    const served = countSlots(entries.filter((e) => ports.includes(e.port)));
    if (served !== CLUSTER_SLOTS) {
      return {
        problem: `node ${port} sees ${served} of ${CLUSTER_SLOTS} slots held by running primaries`,
        nodes: [],
      };
    }
    first ??= entries;
    if (layoutOf(entries, ports) !== layoutOf(/** @type {ClusterNodeEntry[]} */ (first), ports)) {
      return { problem: `node ${port} and node ${ports[0]} disagree on slots or roles`, nodes: [] };
    }
  }
  if (!first) return { problem: 'no node of the cluster is running', nodes: [] };
  const entries = first;
  const nodes = entries.filter((e) => ports.includes(e.port)).map((e) => toClusterNode(e, entries));
  for (const replica of nodes.filter((n) => n.role === 'replica')) {
    const info = String(await redisCommand(replica.port, ['INFO', 'replication']));
    const link = /^master_link_status:(\w+)/m.exec(info)?.[1] ?? 'unknown';
    if (link !== 'up') {
      return { problem: `replica ${replica.port}'s link to its primary is ${link}`, nodes: [] };
    }
  }
  return { problem: undefined, nodes: nodes.sort((a, b) => a.port - b.port) };
}

/**
 * @param {ClusterNodeEntry} entry
 * @param {ClusterNodeEntry[]} entries the view it comes from
 * @returns {ClusterNode}
 */
function toClusterNode(entry, entries) {
  return {
    port: entry.port,
    id: entry.id,
    role: entry.role,
    slots: entry.slots,
    primaryPort: entries.find((e) => e.id === entry.primaryId)?.port,
  };
}

module.exports = { readClusterHealth, toClusterNode };
