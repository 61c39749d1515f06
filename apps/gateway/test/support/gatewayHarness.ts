import { writeFileSync } from 'node:fs';
import { QUEUE_NAMES, parseJob, type Job } from '@droas/contracts';
import { startSimulator, type Simulator, type SimulatorOptions } from '@droas/discord-sim';
import { startGateway, type AppProcess, type RunningGateway } from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export interface GatewayUnderTest {
  sim: Simulator;
  /** The running gateway manager (the latest one, after {@link startAgain}). */
  readonly gateway: AppProcess;
  readonly managerOpsUrl: string;
  clusterOpsUrls: () => string[];
  clusterOpsUrl: (shard: number) => string;
  queues: { interactions: Queue; memberEvents: Queue };
  redis: Redis;
  /** Every job of a queue, oldest first, validated against the contract. */
  jobs(queue: Queue): Promise<{ id: string; job: Job }[]>;
  /**
   * Starts a new gateway against the same simulator and Redis; it becomes {@link gateway}. The previous one may
   * still be stopping: the new one's clusters wait for its shards.
   */
  startAgain(): Promise<AppProcess>;
  /** Every host, when started with `hosts` (the first is {@link gateway}). */
  hosts: RunningGateway[];
  /** Stops host `i` (SIGTERM), waits for it to exit, and starts it again with the same environment. */
  restartHost(i: number): Promise<RunningGateway>;
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
  /** Several gateway hosts started together, each with these variables on top of `env`. */
  hosts?: Record<string, string>[];
}): Promise<GatewayUnderTest> {
  const sim = await startSimulator({
    maxConcurrency: 16,
    population: { count: 40, membersPerGuild: 5 },
    ...options.sim,
  });
  const start = (host: Record<string, string> = options.hosts?.[0] ?? {}) =>
    startGateway({
      discord: sim,
      redisUrl: options.redisUrl,
      prefix: options.prefix,
      totalShards: options.totalShards,
      shardsPerCluster: options.shardsPerCluster,
      env: { ...options.env, ...host },
    });
  const hosts = await Promise.all((options.hosts ?? [{}]).map((host) => start(host)));
  let running = hosts[0]!;

  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queueOptions = { connection: redis, prefix: options.prefix };
  const queues = {
    interactions: new Queue(QUEUE_NAMES.interactions, queueOptions),
    memberEvents: new Queue(QUEUE_NAMES.memberEvents, queueOptions),
  };
  return {
    sim,
    get gateway() {
      return running.process;
    },
    get managerOpsUrl() {
      return running.managerOpsUrl;
    },
    clusterOpsUrls: () => running.clusterOpsUrls(),
    clusterOpsUrl: (shard) => running.clusterOpsUrl(shard),
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
    async startAgain() {
      running = await start();
      hosts[0] = running;
      return running.process;
    },
    hosts,
    async restartHost(i) {
      await hosts[i]!.stop();
      hosts[i] = await start(options.hosts?.[i]);
      if (i === 0) running = hosts[0]!;
      return hosts[i];
    },
    async close() {
      const gateway = running.process;
      const code = await gateway.stop('SIGTERM', 20_000);
      await Promise.all(hosts.slice(1).map((h) => h.stop()));
      if (process.env.DROAS_DUMP_LOGS)
        writeFileSync(process.env.DROAS_DUMP_LOGS, `${gateway.lines.join('\n')}\nexit: ${code}\n`);
      await Promise.all([queues.interactions.close(), queues.memberEvents.close()]);
      redis.disconnect();
      await sim.close();
    },
  };
}

export { metricSum } from '@droas/testkit';
