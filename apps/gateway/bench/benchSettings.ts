import { parseArgs } from 'node:util';

/** Flags of `npm run bench` and their defaults. */
export const DefaultBenchSettings = {
  rounds: 5,
  /** Rounds run first and left out of the figures: both processes' JIT and heap settle in them. */
  'warmup-rounds': 1,
  /** Per round. */
  interactions: 8_000,
  /** Per round. */
  joins: 8_000,
  /** Events per second the simulator sends (each reaches both subjects). Leaves headroom on 2 CPUs. */
  rate: 1_600,
  guilds: 10_000,
  members: 100,
  channels: 3,
  roles: 3,
  'gateway-shards': 4,
  'default-shards': 5,
  /** Added to each window after its last event: the ack guard fires 1.5 s after an interaction. */
  'tail-ms': 3_000,
} as const;

export type BenchSettings = { -readonly [K in keyof typeof DefaultBenchSettings]: number } & {
  /** Where the JSON report goes. @defaultValue apps/gateway/bench/results/gatewayBench-<time>.json */
  json: string | undefined;
  /** Diagnosis only (profiling slows both subjects): V8 CPU profiles of both, written when they exit. */
  cpuProfileDir: string | undefined;
};

// Discord closes an IDENTIFY for a shard with more guilds than this (4011); so does the simulator.
const MAX_GUILDS_PER_SHARD = 2_500;

/** `--rounds 3 --rate 1000 …`; throws a RangeError naming the flag. */
export function readBenchSettings(argv: readonly string[]): BenchSettings {
  const names = Object.keys(DefaultBenchSettings) as (keyof typeof DefaultBenchSettings)[];
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(names.map((name) => [name, { type: 'string' as const }])),
      json: { type: 'string' },
      'cpu-prof-dir': { type: 'string' },
    },
    strict: true,
  });
  const strings = values as Record<string, string | undefined>;
  const settings: BenchSettings = {
    ...DefaultBenchSettings,
    json: strings.json,
    cpuProfileDir: strings['cpu-prof-dir'],
  };
  for (const name of names) {
    const raw = strings[name];
    if (raw === undefined) continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < (name === 'warmup-rounds' ? 0 : 1))
      throw new RangeError(`--${name} expects a whole number (≥ 1, or ≥ 0 for --warmup-rounds), got ${raw}`);
    settings[name] = value;
  }
  for (const name of ['gateway-shards', 'default-shards'] as const) {
    if (settings.guilds / settings[name] > MAX_GUILDS_PER_SHARD) {
      throw new RangeError(
        `--${name} ${settings[name]} puts more than ${MAX_GUILDS_PER_SHARD} guilds on a shard`,
      );
    }
  }
  if (settings['gateway-shards'] === settings['default-shards']) {
    // The simulator, like Discord, gives an event to one session per shard count.
    throw new RangeError(
      '--gateway-shards and --default-shards must differ, or only one bot gets each event',
    );
  }
  return settings;
}
