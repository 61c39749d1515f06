'use strict';
// One Redis command over a connection of its own, for the few questions provisioning asks a node (CLUSTER
// INFO, CLUSTER NODES, INFO replication, CLUSTER KEYSLOT). Hand-written because this package has no
// dependencies (see index.js); it speaks just enough RESP2 for those replies.
const { connect } = require('node:net');

/**
 * @typedef {string | number | null | unknown[]} RedisReply arrays hold replies too
 */

/** A reply Redis sent as an error (`-ERR …`), as opposed to a connection that failed. */
class RedisReplyError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'RedisReplyError';
  }
}

/**
 * Sends one command to the Redis on 127.0.0.1:port and resolves with its reply: bulk and simple strings as
 * strings, integers as numbers, nil as null, arrays as arrays. Rejects with a RedisReplyError for an error
 * reply, and with the socket's error (or a timeout) when the node cannot be reached.
 * @param {number} port
 * @param {string[]} args
 * @param {{ timeoutMs?: number }} [options] (default: 2000)
 * @returns {Promise<RedisReply>}
 */
function redisCommand(port, args, options = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let buffer = Buffer.alloc(0);
    const finish = (/** @type {() => void} */ settle) => {
      socket.destroy();
      settle();
    };
    socket.setTimeout(options.timeoutMs ?? 2_000, () =>
      finish(() => reject(new Error(`no reply from 127.0.0.1:${port} to ${args[0]} in time`))),
    );
    socket.once('connect', () => socket.write(encodeCommand(args)));
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseReply(buffer, 0);
      if (!parsed) return; // not all of it yet
      finish(() => (parsed.value instanceof RedisReplyError ? reject(parsed.value) : resolve(parsed.value)));
    });
    socket.once('error', (error) => finish(() => reject(error)));
  });
}

/** @param {string[]} args */
function encodeCommand(args) {
  const parts = args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return `*${args.length}\r\n${parts.join('')}`;
}

/**
 * The reply starting at `offset`, and where it ends; undefined when the buffer does not hold all of it.
 * @param {Buffer} buffer
 * @param {number} offset
 * @returns {{ value: RedisReply | RedisReplyError, end: number } | undefined}
 */
function parseReply(buffer, offset) {
  const lineEnd = buffer.indexOf('\r\n', offset);
  if (lineEnd < 0) return undefined;
  const type = String.fromCharCode(buffer[offset] ?? 0);
  const line = buffer.toString('utf8', offset + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: line, end: next };
    case '-':
      return { value: new RedisReplyError(line), end: next };
    case ':':
      return { value: Number(line), end: next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, end: next };
      /** @type {unknown[]} */
      const items = [];
      let end = next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer, end);
        if (!item) return undefined;
        if (item.value instanceof RedisReplyError) return item;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      return { value: new RedisReplyError(`unexpected reply type ${JSON.stringify(type)}`), end: next };
  }
}

module.exports = { RedisReplyError, redisCommand };
