import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eventually, spawnApp, type AppProcess } from './appProcess.js';

// Built entry points of the apps, for tests that run the real processes (npm test builds first). The repo
// root is found by walking up, so this works from src (jest) and from dist (benchmarks) alike.
const repoRoot = findRepoRoot(__dirname);
export const GATEWAY_MANAGER_ENTRY = join(repoRoot, 'apps', 'gateway', 'dist', 'src', 'manager.js');
export const WORKER_ENTRY = join(repoRoot, 'apps', 'worker', 'dist', 'src', 'main.js');
export const MIGRATE_CLI = join(repoRoot, 'packages', 'db', 'dist', 'bin', 'migrate.js');

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no turbo.json above ${from}`);
    dir = parent;
  }
  return dir;
}

/** What the processes need to know about the (simulated) Discord. */
export interface DiscordEndpoint {
  restUrl: string;
  botToken: string;
}

export interface RunningGateway {
  readonly process: AppProcess;
  readonly managerOpsUrl: string;
  /** Ops URL of the cluster process that runs `shard`. */
  clusterOpsUrl(shard: number): string;
  clusterOpsUrls(): string[];
  stop(): Promise<number | string>;
}

/** The real gateway manager (which forks real cluster processes), ready when every cluster is. */
export async function startGateway(options: {
  discord: DiscordEndpoint;
  redisUrl: string;
  prefix: string;
  totalShards: number;
  shardsPerCluster: number;
  env?: Record<string, string>;
  /** Flags for Node (`--cpu-prof`); the manager's clusters inherit them. */
  nodeArgs?: string[];
}): Promise<RunningGateway> {
  const proc = spawnApp(
    GATEWAY_MANAGER_ENTRY,
    {
      DISCORD_TOKEN: options.discord.botToken,
      DISCORD_API_URL: options.discord.restUrl,
      TOTAL_SHARDS: String(options.totalShards),
      SHARDS_PER_CLUSTER: String(options.shardsPerCluster),
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix,
      OPS_HOST: '127.0.0.1',
      OPS_PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_DEADLINE_MS: '10000',
      ...options.env,
    },
    [],
    options.nodeArgs,
  );
  const spawning = await proc.waitForLine((l) => l.includes('"spawning clusters"'));
  const managerOpsUrl = (JSON.parse(spawning) as { ops: string }).ops;
  await eventually(
    async () => ((await fetch(`${managerOpsUrl}/readyz`)).ok ? true : undefined),
    60_000,
    'every gateway cluster ready',
  );
  const clusters = () => proc.logs().filter((l) => l.msg === 'cluster starting');
  return {
    process: proc,
    managerOpsUrl,
    clusterOpsUrls: () => clusters().map((l) => String(l.ops)),
    clusterOpsUrl(shard) {
      const line = clusters().find((l) => Array.isArray(l.shards) && (l.shards as number[]).includes(shard));
      if (!line) throw new Error(`no gateway cluster runs shard ${shard}`);
      return String(line.ops);
    },
    stop: () => proc.stop('SIGTERM', 20_000),
  };
}

export interface RunningWorker {
  readonly process: AppProcess;
  readonly opsUrl: string;
  stop(): Promise<number | string>;
}

/** One real worker replica, ready when it has logged that it started. */
export async function startWorker(options: {
  discord: DiscordEndpoint;
  redisUrl: string;
  prefix: string;
  databaseUrl: string;
  env?: Record<string, string>;
  /** Flags for Node (`--cpu-prof`). */
  nodeArgs?: string[];
}): Promise<RunningWorker> {
  const proc = spawnApp(
    WORKER_ENTRY,
    {
      DISCORD_TOKEN: options.discord.botToken,
      DISCORD_API_URL: options.discord.restUrl,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix,
      DATABASE_URL: options.databaseUrl,
      OPS_HOST: '127.0.0.1',
      OPS_PORT: '0',
      LOG_LEVEL: 'info',
      SHUTDOWN_DEADLINE_MS: '10000',
      // Tests drive many commands from few members; the per-member limit has its own test.
      USER_COMMAND_BURST: '1000',
      GUILD_COMMAND_BURST: '10000',
      ...options.env,
    },
    [],
    options.nodeArgs,
  );
  const started = await proc.waitForLine((l) => l.includes('"worker started"'));
  return {
    process: proc,
    opsUrl: (JSON.parse(started) as { ops: string }).ops,
    stop: () => proc.stop('SIGTERM', 20_000),
  };
}

/** Sums a metric (all series, or those whose labels include `labels`) from a Prometheus text exposition. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/** Fetches a process's /metrics and sums one metric. */
export async function scrapeMetric(
  opsUrl: string,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  return metricSum(await (await fetch(`${opsUrl}/metrics`)).text(), name, labels);
}
