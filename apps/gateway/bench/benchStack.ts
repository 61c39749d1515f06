import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUE_NAMES } from '@droas/contracts';
import { SimClient } from '@droas/discord-sim';
import { startPrivateRedis } from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { EventKind, PerSubject } from './benchReport.js';
import type { BenchSettings } from './benchSettings.js';
import { startBenchSimulator } from './benchSimulator.js';
import type { CleanupStack } from './cleanupStack.js';
import { startDefaultClientSubject } from './defaultClientSubject.js';
import { startFastAckWorker } from './fastAckWorker.js';
import { startGatewaySubject, type GatewaySubject } from './gatewaySubject.js';
import type { Instrumentation, Subject } from './subject.js';

/** Everything the rounds work with, started and registered for cleanup. */
export interface BenchStack {
  subjects: PerSubject<Subject>;
  gateway: GatewaySubject;
  control: SimClient;
  /** Jobs of a kind that have reached Redis so far. */
  jobsInRedis: (kind: EventKind) => Promise<number>;
  /** Where the memory probe writes. */
  probeDirectory: string;
}

/**
 * Starts a private Redis, the simulator process, the fast ack worker, then the gateway and, once the
 * gateway's identify window has passed, the default client; resolves when both subjects have every guild.
 */
export async function startBenchStack(
  settings: BenchSettings,
  cleanup: CleanupStack,
  log: (line: string) => void,
): Promise<BenchStack> {
  const probeDirectory = mkdtempSync(join(tmpdir(), 'droas-gateway-bench-'));
  cleanup.push('probe directory', () => rm(probeDirectory, { recursive: true, force: true }));
  const instrumentation = instrumentationFor(settings, probeDirectory);
  const redis = await startPrivateRedis();
  cleanup.push('redis', () => redis.close());
  const sim = await startBenchSimulator({
    guilds: settings.guilds,
    membersPerGuild: settings.members,
    channelsPerGuild: settings.channels,
    rolesPerGuild: settings.roles,
    // Every shard of a bot may identify at once; the two bots still share Discord's 5 s window per bucket.
    maxConcurrency: Math.max(settings['gateway-shards'], settings['default-shards']),
  });
  cleanup.push('simulator', () => sim.close());
  log(
    `simulator (pid ${sim.pid}): ${sim.guildCount} guilds with ${settings.channels} channels, ${settings.roles} ` +
      `roles (+ @everyone) and ${settings.members} members each; private Redis at ${redis.url}`,
  );
  const prefix = `bench${process.pid}`;
  const jobsInRedis = startJobCounting(redis.url, prefix, cleanup);

  let started = Date.now();
  const gateway = await startGatewaySubject({
    restUrl: sim.restUrl,
    token: sim.botToken,
    shardCount: settings['gateway-shards'],
    redisUrl: redis.url,
    redisPrefix: prefix,
    instrumentation,
    readyTimeoutMs: 120_000,
  });
  cleanup.push('gateway', () => gateway.close());
  log(
    `gateway ready in ${secondsSince(started)} s: cluster pid ${gateway.pid} (manager ${gateway.managerPid})`,
  );
  // Discord (and the simulator) allow one IDENTIFY per bucket per 5 s for the bot, whichever process sends
  // it: let the gateway's window pass (its shards identified before it was ready).
  await new Promise((resolve) => setTimeout(resolve, 5_500));
  started = Date.now();
  const defaultClient = await startDefaultClientSubject({
    restUrl: sim.restUrl,
    token: sim.botToken,
    shardCount: settings['default-shards'],
    instrumentation,
    readyTimeoutMs: 120_000,
  });
  cleanup.push('default client', () => defaultClient.close());
  log(`default client ready in ${secondsSince(started)} s: pid ${defaultClient.pid}`);
  return {
    subjects: { gateway, default: defaultClient },
    gateway,
    control: new SimClient(sim.controlUrl),
    jobsInRedis,
    probeDirectory,
  };
}

/** The same preloads for both subjects: the memory probe always, the CPU profiler when asked for. */
function instrumentationFor(settings: BenchSettings, probeDirectory: string): Instrumentation {
  const instrumentation: Instrumentation = {
    nodeOptions: ['--expose-gc', '--require', join(__dirname, 'memoryProbe.js')],
    env: { DROAS_BENCH_PROBE_DIR: probeDirectory },
  };
  if (settings.cpuProfileDir !== undefined) {
    instrumentation.nodeOptions.push('--require', join(__dirname, 'cpuProfilePreload.js'));
    instrumentation.env.DROAS_BENCH_CPU_PROF_DIR = settings.cpuProfileDir;
  }
  return instrumentation;
}

/**
 * Interaction jobs are taken off their queue by the fast worker (it must, to claim their acknowledgement in
 * time) and counted as it completes them; member-join jobs nobody consumes, so they are counted in their queue.
 */
function startJobCounting(
  redisUrl: string,
  prefix: string,
  cleanup: CleanupStack,
): BenchStack['jobsInRedis'] {
  const ackWorker = startFastAckWorker(redisUrl, prefix);
  cleanup.push('ack worker', () => ackWorker.close());
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const memberJoins = new Queue(QUEUE_NAMES.memberEvents, { connection, prefix });
  cleanup.push('bench Redis client', async () => {
    await memberJoins.close();
    connection.disconnect();
  });
  return async (kind) => {
    if (kind === 'interactions') return ackWorker.completed;
    const counts = await memberJoins.getJobCounts(
      'wait',
      'prioritized',
      'delayed',
      'active',
      'completed',
      'failed',
    );
    return Object.values(counts).reduce((a, b) => a + b, 0);
  };
}

function secondsSince(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}
