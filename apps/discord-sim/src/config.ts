import { parseArgs } from 'node:util';
import { env, loadConfig } from '@droas/runtime';
import { z } from 'zod';

/** Command-line flags and the variable each one sets; a flag wins over the environment. */
const FLAGS = {
  port: 'SIM_PORT',
  host: 'SIM_HOST',
  'public-host': 'SIM_PUBLIC_HOST',
  shards: 'SIM_SHARDS',
  'max-concurrency': 'SIM_MAX_CONCURRENCY',
  guilds: 'SIM_GUILDS',
  members: 'SIM_MEMBERS_PER_GUILD',
  users: 'SIM_USERS',
  strict: 'SIM_STRICT',
  'demo-traffic': 'SIM_DEMO_TRAFFIC_PER_SEC',
  'ops-port': 'SIM_OPS_PORT',
  'global-rate-limit': 'SIM_GLOBAL_RATE_LIMIT_PER_SEC',
  'log-level': 'SIM_LOG_LEVEL',
} as const;

/** The simulator's environment; FLAGS above names the flag of those that have one. */
export const simConfigShape = {
  SIM_PORT: env.port().default(8790),
  SIM_HOST: env.string().default('127.0.0.1'),
  /** The host name bots reach the simulator by, in the gateway URL it hands out; unset: SIM_HOST. */
  SIM_PUBLIC_HOST: env.string().optional(),
  SIM_BOT_TOKEN: env.string().default('sim-token'),
  /** `shards` in `/gateway/bot`; unset: one per 1,000 guilds. */
  SIM_SHARDS: env.int(1, 10_000).optional(),
  SIM_MAX_CONCURRENCY: env.int(1, 1024).default(1),
  SIM_GUILDS: env.int(0, 100_000).default(10),
  SIM_MEMBERS_PER_GUILD: env.int(1, 1_000_000).default(50),
  SIM_USERS: env.int(1, 100_000_000).optional(),
  /** false: rule breaks (late or double acks, expired tokens) are recorded but not refused. */
  SIM_STRICT: env.bool().default(true),
  /** Discord's global REST limit per bot. */
  SIM_GLOBAL_RATE_LIMIT_PER_SEC: env.int(1, 1_000_000_000).default(50),
  /** Interactions per second started at boot (a mixed command workload); 0 for none. */
  SIM_DEMO_TRAFFIC_PER_SEC: z.coerce.number().min(0).max(100_000).default(0),
  /** /livez, /readyz and /metrics; 0 picks a free port. */
  SIM_OPS_PORT: env.port().default(0),
  SIM_LOG_LEVEL: env.logLevel().default('info'),
};

export type SimConfig = ReturnType<typeof readConfig>;

/** Reads flags (`--port 8790`) over the environment, validated; exits 78 naming what is wrong. */
export function readConfig(argv: readonly string[], environment: NodeJS.ProcessEnv) {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
    strict: true,
  });
  const fromFlags: Record<string, string> = {};
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag];
    if (typeof value === 'string') fromFlags[variable] = value;
  }
  return loadConfig(simConfigShape, { ...environment, ...fromFlags });
}
