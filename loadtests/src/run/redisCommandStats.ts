import type { Redis } from 'ioredis';

/** Redis's command counts since it started (`INFO commandstats`: a script's own commands count too). */
export async function readCommandStats(
  redis: Redis,
): Promise<{ total: number; byCommand: Map<string, number> }> {
  const info = await redis.info('commandstats');
  const byCommand = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) byCommand.set(m[1]!, Number(m[2]));
  return { total: [...byCommand.values()].reduce((a, b) => a + b, 0), byCommand };
}

/**
 * Redis's housekeeping a load causes: append-only-file rewrites since it started (each one forks Redis) and
 * the keys it holds now. `aofRewrites` is null when the append-only file is off.
 */
export async function readRedisHousekeeping(
  redis: Redis,
): Promise<{ aofRewrites: number | null; keys: number }> {
  const [info, keys] = await Promise.all([redis.info('persistence'), redis.dbsize()]);
  const enabled = /^aof_enabled:1/m.test(info);
  const rewrites = /^aof_rewrites:(\d+)/m.exec(info);
  return { aofRewrites: enabled && rewrites ? Number(rewrites[1]) : null, keys };
}
