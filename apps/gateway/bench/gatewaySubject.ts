import { join } from 'node:path';
import { eventually, metricSum, spawnApp } from '@droas/testkit';
import { childPids } from './procStats.js';
import type { Instrumentation, Subject, SubjectCounts } from './subject.js';

// Built next to this file: dist/bench/ → dist/src/manager.js.
const MANAGER_ENTRY = join(__dirname, '..', 'src', 'manager.js');

export interface GatewaySubjectOptions {
  restUrl: string;
  token: string;
  shardCount: number;
  redisUrl: string;
  redisPrefix: string;
  /** Given to the manager and, through the environment it inherits, to the cluster. */
  instrumentation: Instrumentation;
  readyTimeoutMs: number;
}

/** The gateway's own counters, read from the cluster's /metrics. */
export interface GatewayCounters {
  received: SubjectCounts;
  enqueued: SubjectCounts;
  malformed: number;
  unsupported: number;
  refused: number;
  enqueueErrors: number;
  guard: { notNeeded: number; deferred: number; unclaimed: number; failed: number };
  heapUsedBytes: number;
}

export interface GatewaySubject extends Subject {
  /** The manager, which forked the measured cluster process. */
  readonly managerPid: number;
  counters(): Promise<GatewayCounters>;
}

/**
 * Runs the real gateway: `dist/src/manager.js`, which forks the real `cluster.js` under discord-hybrid-sharding,
 * all shards in one cluster so that one process holds all the guilds, as the default client does. Only the
 * memory probe is added, through NODE_OPTIONS, which the forked cluster inherits (hybrid-sharding forks with
 * an empty execArgv, so command-line flags would not reach it).
 */
export async function startGatewaySubject(options: GatewaySubjectOptions): Promise<GatewaySubject> {
  // Spawned here rather than through testkit's startGateway so that a start that times out still stops the
  // manager (and with it the cluster) instead of leaving it running.
  const manager = spawnApp(MANAGER_ENTRY, {
    DISCORD_TOKEN: options.token,
    DISCORD_API_URL: options.restUrl,
    TOTAL_SHARDS: String(options.shardCount),
    SHARDS_PER_CLUSTER: String(options.shardCount),
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.redisPrefix,
    OPS_HOST: '127.0.0.1',
    OPS_PORT: '0',
    LOG_LEVEL: 'info',
    NODE_OPTIONS: options.instrumentation.nodeOptions.map((o) => JSON.stringify(o)).join(' '),
    ...options.instrumentation.env,
  });
  const managerPid = manager.child.pid!;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      const code = await manager.stop('SIGTERM', 30_000);
      if (code !== 0) process.stderr.write(`gateway manager exited with ${code}\n`);
    })());
  try {
    // Polled rather than awaited with waitForLine, whose timer outlives the match and would hold the
    // benchmark's process open for the whole timeout.
    const opsOf = (marker: string) => () => {
      const line = manager.lines.find((l) => l.includes(marker));
      return line === undefined ? undefined : (JSON.parse(line) as { ops: string }).ops;
    };
    const managerOps = await eventually(opsOf('"spawning clusters"'), 30_000, 'the gateway manager up');
    await eventually(
      async () => ((await fetch(`${managerOps}/readyz`)).ok ? true : undefined),
      options.readyTimeoutMs,
      'every gateway cluster ready',
    );
    const clusterOps = await eventually(opsOf('"cluster starting"'), 1_000, 'the cluster ops URL');
    const clusters = childPids(managerPid);
    if (clusters.length !== 1) throw new Error(`expected one cluster process, found ${clusters.length}`);
    const counters = async (): Promise<GatewayCounters> => {
      const text = await (await fetch(`${clusterOps}/metrics`)).text();
      const sum = (name: string, labels?: Record<string, string>): number =>
        metricSum(text, `droas_gateway_${name}`, labels);
      const guard = (result: string): number => metricSum(text, 'droas_ack_guard_results_total', { result });
      return {
        received: {
          interactions: sum('events_received_total', { type: 'INTERACTION_CREATE' }),
          memberJoins: sum('events_received_total', { type: 'GUILD_MEMBER_ADD' }),
        },
        enqueued: {
          interactions: sum('jobs_enqueued_total', { queue: 'interactions' }),
          memberJoins: sum('jobs_enqueued_total', { queue: 'member-events' }),
        },
        malformed: sum('malformed_events_total'),
        unsupported: sum('unsupported_events_total'),
        refused: sum('buffer_refused_total'),
        enqueueErrors: sum('enqueue_errors_total'),
        guard: {
          notNeeded: guard('not_needed'),
          deferred: guard('deferred'),
          unclaimed: guard('deferred_unclaimed'),
          failed: guard('failed'),
        },
        heapUsedBytes: metricSum(text, 'droas_nodejs_heap_size_used_bytes'),
      };
    };
    return {
      name: 'gateway cluster',
      pid: clusters[0]!,
      managerPid,
      counters,
      counts: async () => (await counters()).received,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
