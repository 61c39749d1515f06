import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QUEUE_NAMES, parseJob, type Job } from '@droas/contracts';
import { startSimulator, type Simulator, type SimulatorOptions } from '@droas/discord-sim';
import { eventually, spawnApp, type AppProcess } from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const MANAGER_ENTRY = join(__dirname, '..', '..', 'dist', 'src', 'manager.js');

export interface GatewayUnderTest {
  sim: Simulator;
  gateway: AppProcess;
  managerOpsUrl: string;
  clusterOpsUrls: () => string[];
  queues: { interactions: Queue; memberJoins: Queue };
  redis: Redis;
  /** Every job of a queue, oldest first, validated against the contract. */
  jobs(queue: Queue): Promise<{ id: string; job: Job }[]>;
  close(): Promise<void>;
}

/**
 * Starts the simulator in-process and the real gateway manager (which forks real cluster processes) against
 * it and a Redis namespace, and waits until every cluster reports ready.
 */
export async function startGatewayUnderTest(options: {
  redisUrl: string;
  prefix: string;
  totalShards: number;
  shardsPerCluster: number;
  sim?: SimulatorOptions;
  env?: Record<string, string>;
}): Promise<GatewayUnderTest> {
  const sim = await startSimulator({
    maxConcurrency: 16,
    population: { count: 40, membersPerGuild: 5 },
    ...options.sim,
  });
  const gateway = spawnApp(MANAGER_ENTRY, {
    DISCORD_TOKEN: sim.botToken,
    DISCORD_API_URL: sim.restUrl,
    TOTAL_SHARDS: String(options.totalShards),
    SHARDS_PER_CLUSTER: String(options.shardsPerCluster),
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.prefix,
    OPS_HOST: '127.0.0.1',
    OPS_PORT: '0',
    LOG_LEVEL: 'info',
    SHUTDOWN_DEADLINE_MS: '10000',
    ...options.env,
  });
  const spawning = await gateway.waitForLine((l) => l.includes('"spawning clusters"'));
  const managerOpsUrl = (JSON.parse(spawning) as { ops: string }).ops;
  await eventually(
    async () => ((await fetch(`${managerOpsUrl}/readyz`)).ok ? true : undefined),
    60_000,
    'every cluster ready',
  );

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queueOptions = { connection: redis, prefix: options.prefix };
  const queues = {
    interactions: new Queue(QUEUE_NAMES.interactions, queueOptions),
    memberJoins: new Queue(QUEUE_NAMES.memberJoins, queueOptions),
  };
  return {
    sim,
    gateway,
    managerOpsUrl,
    clusterOpsUrls: () =>
      gateway
        .logs()
        .filter((l) => l.msg === 'cluster starting')
        .map((l) => String(l.ops)),
    queues,
    redis,
    async jobs(queue) {
      const jobs = await queue.getJobs(
        ['wait', 'prioritized', 'active', 'completed', 'failed', 'delayed'],
        0,
        -1,
        true,
      );
      return jobs.map((j) => {
        const parsed = parseJob(j.data);
        if (!parsed.ok) throw new Error(`job ${j.id} breaks the contract: ${parsed.error.message}`);
        return { id: String(j.id), job: parsed.value };
      });
    },
    async close() {
      const code = await gateway.stop('SIGTERM', 20_000);
      if (process.env.DROAS_DUMP_LOGS)
        writeFileSync(process.env.DROAS_DUMP_LOGS, `${gateway.lines.join('\n')}\nexit: ${code}\n`);
      await Promise.all([queues.interactions.close(), queues.memberJoins.close()]);
      redis.disconnect();
      await sim.close();
    },
  };
}

/** Sums a counter (all label sets, or those matching `labels`) from a Prometheus text exposition. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
