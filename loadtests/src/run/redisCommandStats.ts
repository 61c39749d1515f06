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
