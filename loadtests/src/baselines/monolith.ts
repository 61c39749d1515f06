import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnApp, type AppProcess, type DiscordEndpoint } from '@droas/testkit';
import { findPackageRoot } from './packageRoot.js';

/** The built entry of the monolith process (`npx tsc -b` builds it). */
export const MONOLITH_ENTRY = join(findPackageRoot(__dirname), 'dist', 'src', 'baselines', 'monolithMain.js');

export interface MonolithOptions {
  discord: DiscordEndpoint;
  databaseUrl: string;
  redisUrl: string;
  /** REDIS_PREFIX: keep it apart from DROAS's prefix when both share a Redis. */
  prefix: string;
  /** Every shard of the bot, all held by the monolith's one client. */
  totalShards: number;
  /** More environment (DB_POOL_MAX, LOG_LEVEL…), over the defaults. */
  env?: Record<string, string>;
  /** How long to wait for `monolith ready`. @defaultValue 60000 */
  readyTimeoutMs?: number;
}

export interface RunningMonolith {
  /** For sampling its CPU and memory from /proc. */
  readonly pid: number;
  /** Its output so far, for a report or a failed test. */
  readonly process: AppProcess;
  /** SIGTERM, then waits for it to exit (SIGKILL after 20 s). Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts the monolith baseline (`monolithMain`) as a process of its own, so its CPU and memory are measured
 * like DROAS's processes, and resolves once its client is ready on every shard. Rejects, with the process's
 * last lines, if it exits or is not ready in time.
 */
export async function startMonolith(options: MonolithOptions): Promise<RunningMonolith> {
  if (!existsSync(MONOLITH_ENTRY)) {
    throw new Error(`${MONOLITH_ENTRY} is missing: build the loadtests workspace first (npx tsc -b)`);
  }
  const proc = spawnApp(MONOLITH_ENTRY, {
    DISCORD_TOKEN: options.discord.botToken,
    DISCORD_API_URL: options.discord.restUrl,
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    REDIS_PREFIX: options.prefix,
    TOTAL_SHARDS: String(options.totalShards),
    LOG_LEVEL: 'info',
    ...options.env,
  });
  try {
    await proc.waitForLine((l) => l.includes('"monolith ready"'), options.readyTimeoutMs ?? 60_000);
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    pid: proc.child.pid!,
    process: proc,
    stop: () => (stopping ??= proc.stop('SIGTERM', 20_000).then(() => undefined)),
  };
}
