'use strict';
// Reading a Redis Cluster node's view of the cluster (CLUSTER NODES) and comparing views across nodes.

/** Slots in a Redis Cluster: every one must have a primary for `cluster_state:ok`. */
const CLUSTER_SLOTS = 16_384;

/**
 * @typedef {object} ClusterNodeEntry one line of CLUSTER NODES: how one node sees another (or itself)
 * @property {string} id node id (40 hex characters)
 * @property {number} port its client port on 127.0.0.1
 * @property {'primary' | 'replica'} role
 * @property {string | undefined} primaryId a replica's primary
 * @property {Array<[number, number]>} slots a primary's slot ranges, first and last included
 * @property {string[]} flags as Redis words them: myself, master, slave, fail?, fail, handshake, noaddr…
 * @property {boolean} failing flagged `fail` or `fail?` (unreachable, as far as this view goes)
 * @property {boolean} connected its cluster-bus link is up
 */

/**
 * @param {string} text a CLUSTER NODES reply
 * @returns {ClusterNodeEntry[]}
 */
function parseClusterNodes(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      // <id> <ip:port@cport[,hostname]> <flags> <primary> <ping-sent> <pong-recv> <epoch> <link> <slot>…
      const [id = '', address = '', flagList = '', primary = '-', , , , link = '', ...slotFields] =
        line.split(' ');
      const flags = flagList.split(',');
      const port = Number(/:(\d+)@/.exec(address)?.[1] ?? 0);
      return {
        id,
        port,
        role: flags.includes('slave') ? 'replica' : 'primary',
        primaryId: primary === '-' ? undefined : primary,
        slots: slotFields.filter((f) => !f.startsWith('[')).map(parseSlotRange),
        flags,
        failing: flags.includes('fail') || flags.includes('fail?'),
        connected: link === 'connected',
      };
    });
}

/**
 * @param {string} field "0-5460" or "5461"
 * @returns {[number, number]}
 */
function parseSlotRange(field) {
  const [first, last = first] = field.split('-').map(Number);
  return [first ?? 0, last ?? 0];
}

/**
 * How many slots the primaries of a view hold between them.
 * @param {ClusterNodeEntry[]} entries
 */
function countSlots(entries) {
  return entries.reduce((sum, e) => sum + e.slots.reduce((s, [first, last]) => s + last - first + 1, 0), 0);
}

/**
 * A view reduced to what every node must agree on, as one comparable string: who holds which slots, and
 * which primary each replica follows, for the nodes in `ports`.
 * @param {ClusterNodeEntry[]} entries
 * @param {readonly number[]} ports
 */
function layoutOf(entries, ports) {
  return entries
    .filter((e) => ports.includes(e.port))
    .map(
      (e) => `${e.port}:${e.id}:${e.role}:${e.primaryId ?? '-'}:${e.slots.map((r) => r.join('-')).join(',')}`,
    )
    .sort()
    .join(' ');
}

module.exports = { CLUSTER_SLOTS, countSlots, layoutOf, parseClusterNodes };
