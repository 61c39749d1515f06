import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { SimClient } from '@droas/discord-sim';
import {
  MIGRATE_CLI,
  spawnApp,
  startGateway,
  startPrivatePostgres,
  startPrivateRedis,
  startWorker,
  type AppProcess,
  type PrivatePostgres,
  type PrivateRedis,
  type RunningGateway,
  type RunningWorker,
} from '@droas/testkit';
import type { WatchedProcess } from './processSampler.js';

export const REPO_ROOT = findRepoRoot(__dirname);
const SIM_ENTRY = join(REPO_ROOT, 'apps', 'discord-sim', 'dist', 'src', 'main.js');
const DEPLOY_COMMANDS = join(REPO_ROOT, 'apps', 'worker', 'dist', 'bin', 'deployCommands.js');

export interface StackOptions {
  shards: number;
  workers: number;
  guilds: number;
  membersPerGuild: number;
  /** Extra variables for every worker (limits a scenario lifts, say). */
  workerEnv?: Record<string, string>;
  /** V8 CPU profiles of every worker and gateway process (the manager's clusters inherit it) go here. */
  cpuProfileDir?: string;
  log: (line: string) => void;
}

/** Everything a run drives and watches. */
export interface Stack {
  sim: SimClient;
  discord: { restUrl: string; botToken: string };
  redisUrl: string;
  databaseUrl: string;
  prefix: string;
  workers: RunningWorker[];
  gateway: RunningGateway | undefined;
  /** Every process of the system under test, for the sampler. */
  processes(): WatchedProcess[];
  workerOpsUrls(): string[];
  /** kill -9 of worker `i`; it is started again after `restartAfterMs` (as an orchestrator would). */
  killWorker(i: number, restartAfterMs: number): Promise<void>;
  stopGateway(): Promise<void>;
  startGateway(): Promise<void>;
  postgres: PrivatePostgres | undefined;
  redis: PrivateRedis | undefined;
  /** A stack the runner connected to (`--external`) rather than started. */
  external: boolean;
  close(): Promise<void>;
}

export const PREFIX = 'lt';

/** The `close` of every stack started and not yet closed, for a runner interrupted by a signal. */
const openStacks = new Set<() => Promise<void>>();

/** Counts a stack started elsewhere (the fleet's) among those a signal stops; call the result once it is closed. */
export function trackOpenStack(close: () => Promise<void>): () => void {
  openStacks.add(close);
  return () => openStacks.delete(close);
}

/** Stops every stack this process started and has not closed (Ctrl-C, a CI job's SIGTERM). */
export async function closeOpenStacks(): Promise<void> {
  await Promise.all([...openStacks].map((close) => close()));
}

/**
 * The whole cluster on this machine, each part a real process: a private Redis and Postgres (migrated), the
 * simulator (seeded with `guilds` × `membersPerGuild`), the commands registered, the gateway with `shards`
 * shards and `workers` worker replicas. `close()` stops all of it.
 */
export async function startStack(o: StackOptions): Promise<Stack> {
  const closers: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    openStacks.delete(close);
    for (const c of closers.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  openStacks.add(close);
  try {
    o.log('starting Redis and Postgres…');
    const redis = await startPrivateRedis();
    closers.push(() => redis.close());
    const postgres = await startPrivatePostgres({
      migrateCli: MIGRATE_CLI,
      settings: { max_connections: 300 },
    });
    closers.push(() => postgres.close());

    o.log(`starting the simulator (${o.guilds} guilds × ${o.membersPerGuild} members)…`);
    const simProcess = spawnApp(SIM_ENTRY, {
      SIM_PORT: '0',
      SIM_GUILDS: String(o.guilds),
      SIM_MEMBERS_PER_GUILD: String(o.membersPerGuild),
      SIM_MAX_CONCURRENCY: '16',
      SIM_LOG_LEVEL: 'info',
    });
    closers.push(() => simProcess.stop('SIGTERM', 10_000));
    const urls = await simUrls(simProcess);
    const discord = { restUrl: urls.restUrl, botToken: 'sim-token' };
    const sim = new SimClient(urls.controlUrl);

    o.log('registering commands…');
    await promisify(execFile)(process.execPath, [DEPLOY_COMMANDS], {
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: discord.botToken,
        DISCORD_API_URL: discord.restUrl,
      },
    });

    // Node writes a profile when the process exits cleanly: the stack stops them with SIGTERM.
    // A sample every 2 ms rather than V8's 1 ms: half the overhead matters on a saturated machine.
    const nodeArgs =
      o.cpuProfileDir === undefined
        ? []
        : ['--cpu-prof', '--cpu-prof-interval=2000', `--cpu-prof-dir=${o.cpuProfileDir}`];
    const workers: RunningWorker[] = [];
    closers.push(() => Promise.all(workers.map((w) => w.stop())));
    const startOneWorker = () =>
      startWorker({
        discord,
        redisUrl: redis.url,
        prefix: PREFIX,
        databaseUrl: postgres.url,
        env: { LOG_LEVEL: 'info', ...o.workerEnv },
        nodeArgs,
      });
    o.log(`starting ${o.workers} worker(s) and the gateway (${o.shards} shard(s))…`);
    for (let i = 0; i < o.workers; i++) workers.push(await startOneWorker());
    const gatewayOptions = {
      discord,
      redisUrl: redis.url,
      prefix: PREFIX,
      totalShards: o.shards,
      shardsPerCluster: Math.min(o.shards, 4),
      env: { LOG_LEVEL: 'info' },
      nodeArgs,
    };
    const stack: Stack = {
      sim,
      discord,
      redisUrl: redis.url,
      databaseUrl: postgres.url,
      prefix: PREFIX,
      workers,
      gateway: await startGateway(gatewayOptions),
      postgres,
      redis,
      external: false,
      processes() {
        const list: WatchedProcess[] = [
          {
            ...{ name: 'simulator', role: 'simulator', pid: () => simProcess.child.pid },
            metrics: { url: () => urls.opsUrl, labels: { service: 'discord-sim' } },
          },
          { name: 'redis', role: 'redis', pid: () => redis.pid() },
          { name: 'postgres', role: 'postgres', pid: () => postgres.pid(), withChildren: true },
          { name: 'runner', role: 'runner', pid: () => process.pid },
        ];
        workers.forEach((w, i) =>
          list.push({
            name: `worker-${i}`,
            role: 'worker',
            pid: () => workers[i]?.process.child.pid ?? w.process.child.pid,
            metrics: { url: () => workers[i]?.opsUrl ?? w.opsUrl, labels: { service: 'worker' } },
          }),
        );
        const gateway = stack.gateway;
        if (gateway) {
          list.push({
            name: 'gateway-manager',
            role: 'gateway',
            pid: () => stack.gateway?.process.child.pid,
            metrics: { url: () => stack.gateway?.managerOpsUrl, labels: { service: 'gateway-manager' } },
          });
          for (const cluster of clusterPids(gateway.process)) {
            list.push({
              name: `gateway-cluster-${cluster.id}`,
              role: 'gateway',
              pid: () => latestClusterPid(stack.gateway, cluster.id),
              // The manager serves its clusters' metrics beside its own, each labelled with its cluster.
              metrics: { url: () => stack.gateway?.managerOpsUrl, labels: { cluster: String(cluster.id) } },
            });
          }
        }
        return list;
      },
      workerOpsUrls: () => workers.map((w) => w.opsUrl),
      async killWorker(i, restartAfterMs) {
        const victim = workers[i];
        if (!victim) throw new RangeError(`no worker ${i}`);
        victim.process.child.kill('SIGKILL');
        await victim.process.exited;
        await new Promise((r) => setTimeout(r, restartAfterMs));
        workers[i] = await startOneWorker();
      },
      async stopGateway() {
        await stack.gateway?.stop();
        stack.gateway = undefined;
      },
      async startGateway() {
        stack.gateway ??= await startGateway(gatewayOptions);
      },
      close,
    };
    closers.push(() => stack.stopGateway());
    return stack;
  } catch (error) {
    await close();
    throw error;
  }
}

async function simUrls(sim: AppProcess): Promise<{ restUrl: string; controlUrl: string; opsUrl: string }> {
  const line = await sim.waitForLine((l) => l.includes('"discord-sim listening"'), 30_000);
  return JSON.parse(line) as { restUrl: string; controlUrl: string; opsUrl: string };
}

function clusterPids(gateway: AppProcess): { id: number; pid: number }[] {
  return gateway
    .logs()
    .filter((l) => l.msg === 'cluster starting')
    .map((l) => ({ id: l.cluster as number, pid: l.pid as number }))
    .filter((c, i, all) => all.findIndex((x) => x.id === c.id) === i);
}

function latestClusterPid(gateway: RunningGateway | undefined, id: number): number | undefined {
  const starts = gateway?.process.logs().filter((l) => l.msg === 'cluster starting' && l.cluster === id);
  return starts?.at(-1)?.pid as number | undefined;
}

function findRepoRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'turbo.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${from}`);
    dir = parent;
  }
  return dir;
}
