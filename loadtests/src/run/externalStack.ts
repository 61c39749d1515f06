import { readdirSync, readFileSync } from 'node:fs';
import { SimClient } from '@droas/discord-sim';
import { z } from 'zod';
import { parentOf, type WatchedProcess } from './processSampler.js';
import type { Stack } from './stack.js';

/** Where a stack the runner did not start is (`--external`), from the environment. */
const externalShape = z.object({
  LOADTEST_SIM_URL: z.url({
    error: 'LOADTEST_SIM_URL: expected the simulator control URL, e.g. http://127.0.0.1:8790/_sim',
  }),
  LOADTEST_REDIS_URL: z.url({ error: 'LOADTEST_REDIS_URL: expected a redis:// URL' }),
  LOADTEST_DATABASE_URL: z.url({ error: 'LOADTEST_DATABASE_URL: expected a postgres:// URL' }),
  LOADTEST_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_{}-]{1,64}$/)
    .default('droas'),
  /** Comma-separated worker ops URLs, for queue wait, pool wait and cache figures. Optional. */
  LOADTEST_WORKER_OPS_URLS: z.string().optional(),
});

/**
 * A running stack (say `npm start`'s) the runner only drives and watches: it reads the simulator's answers,
 * Redis's command counts, the workers' metrics and, on this machine, the processes' CPU and memory (found by
 * their command lines). It cannot kill, stop or restart anything, so `chaos` and the baselines need a stack
 * the runner started.
 */
export function connectStack(env: NodeJS.ProcessEnv): Stack {
  const parsed = externalShape.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  const e = parsed.data;
  const controlUrl = e.LOADTEST_SIM_URL.replace(/\/$/, '');
  const refuse = (what: string) => () =>
    Promise.reject(new Error(`${what} needs a stack the runner started (not --external)`));
  return {
    sim: new SimClient(controlUrl),
    discord: {
      restUrl: controlUrl.replace(/\/_sim$/, '/api'),
      botToken: env.LOADTEST_BOT_TOKEN ?? 'sim-token',
    },
    redisUrl: e.LOADTEST_REDIS_URL,
    databaseUrl: e.LOADTEST_DATABASE_URL,
    prefix: e.LOADTEST_REDIS_PREFIX,
    workers: [],
    gateway: undefined,
    postgres: undefined,
    redis: undefined,
    external: true,
    processes: () => processesOnThisMachine(),
    workerOpsUrls: () => (e.LOADTEST_WORKER_OPS_URLS ?? '').split(',').filter((u) => u.length > 0),
    killWorker: refuse('killing a worker'),
    stopGateway: refuse('stopping the gateway'),
    startGateway: refuse('starting the gateway'),
    close: () => Promise.resolve(),
  };
}

/** DROAS's processes on this machine, by their command lines (numbered in pid order). */
function processesOnThisMachine(): WatchedProcess[] {
  const found: { pid: number; cmd: string; ppid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const ppid = parentOf(Number(entry));
      if (ppid !== undefined) found.push({ pid: Number(entry), cmd, ppid });
    } catch {
      // gone meanwhile
    }
  }
  const out: WatchedProcess[] = [];
  const add = (match: RegExp, name: string, role: WatchedProcess['role'], numbered: boolean) => {
    found
      .filter((p) => match.test(p.cmd))
      .forEach((p, i) => out.push({ name: numbered ? `${name}-${i}` : name, role, pid: () => p.pid }));
  };
  add(/discord-sim\/dist\/src\/main\.js/, 'simulator', 'simulator', false);
  add(/gateway\/dist\/src\/manager\.js/, 'gateway-manager', 'gateway', false);
  add(/gateway\/dist\/src\/cluster\.js/, 'gateway-cluster', 'gateway', true);
  add(/worker\/dist\/src\/main\.js/, 'worker', 'worker', true);
  add(/^\S*redis-server/, 'redis', 'redis', false);
  const postmaster = found.find(
    (p) =>
      /(^|\/)postgres\s/.test(p.cmd) &&
      !found.some((q) => q.pid === p.ppid && /(^|\/)postgres\s/.test(q.cmd)),
  );
  if (postmaster)
    out.push({ name: 'postgres', role: 'postgres', pid: () => postmaster.pid, withChildren: true });
  out.push({ name: 'runner', role: 'runner', pid: () => process.pid });
  return out;
}
