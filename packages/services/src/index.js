'use strict';
// @droas/services: private Redis (single or a Redis Cluster) and Postgres servers on this machine, for
// `npm start`, `npm test` and the tests (through @droas/testkit). Installs the Debian packages when missing, starts, stops, restarts, and
// finds a server another process left running. Also finds (or installs) Prometheus's programs, for the infra
// tests that check the alerting rules with promtool and watch alerts fire in a real Prometheus.
//
// Plain CommonJS with JSDoc types and no dependencies, on purpose. The root scripts import it by path before
// node_modules exist or anything is built; jest's global setup requires it before any build; testkit's
// TypeScript imports it with the declarations tsc writes from these JSDoc types (checkJs keeps them honest).
// TypeScript sources would need a build before the first install could run; an ES module could not be
// required from jest's CommonJS module system. Packages take options and never read process.env: the
// scripts and testkit decide where things go.
const { ProvisioningError } = require('./provisioningError.js');
const { canListen, findFreePort, isListening } = require('./freePort.js');
const { createManagedProcess, describeExit } = require('./managedProcess.js');
const { findRunningRedis, pingRedis, startRedis } = require('./redisServer.js');
const { findRunningRedisCluster, startRedisCluster } = require('./redisCluster.js');
const { parseClusterNodes } = require('./clusterNodes.js');
const { RedisReplyError, redisCommand } = require('./redisCommand.js');
const { findRunningPostgres, startPostgres } = require('./postgresServer.js');
const { isAlive } = require('./commands.js');
const { debianPrograms, prometheusProgram, promtoolProgram } = require('./debianPackages.js');
const { redactUrl } = require('./redactUrl.js');

/**
 * @typedef {import('./managedProcess.js').ManagedProcess} ManagedProcess
 * @typedef {import('./managedProcess.js').ProcessExit} ProcessExit
 * @typedef {import('./managedProcess.js').ProcessSpec} ProcessSpec
 * @typedef {import('./redisServer.js').RedisOptions} RedisOptions
 * @typedef {import('./redisServer.js').RedisServer} RedisServer
 * @typedef {import('./redisServer.js').FoundServer} FoundServer
 * @typedef {import('./redisCluster.js').RedisClusterOptions} RedisClusterOptions
 * @typedef {import('./redisCluster.js').RedisCluster} RedisCluster
 * @typedef {import('./redisCluster.js').ClusterNode} ClusterNode
 * @typedef {import('./redisCluster.js').FoundCluster} FoundCluster
 * @typedef {import('./clusterNodes.js').ClusterNodeEntry} ClusterNodeEntry
 * @typedef {import('./redisCommand.js').RedisReply} RedisReply
 * @typedef {import('./postgresServer.js').PostgresOptions} PostgresOptions
 * @typedef {import('./postgresServer.js').PostgresServer} PostgresServer
 * @typedef {import('./debianPackages.js').DebianProgram} DebianProgram
 */

module.exports = {
  ProvisioningError,
  RedisReplyError,
  canListen,
  createManagedProcess,
  debianPrograms,
  describeExit,
  findFreePort,
  findRunningPostgres,
  findRunningRedis,
  findRunningRedisCluster,
  isAlive,
  isListening,
  parseClusterNodes,
  pingRedis,
  prometheusProgram,
  promtoolProgram,
  redactUrl,
  redisCommand,
  startPostgres,
  startRedis,
  startRedisCluster,
};
