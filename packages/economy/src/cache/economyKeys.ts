import type { RedisNamespace } from '@droas/runtime';

/** The economy's Redis keys. */
export interface EconomyKeys {
  balance(guildId: string, userId: string): string;
  rank(guildId: string, userId: string): string;
  settings(guildId: string): string;
  leaderboard(guildId: string, page: number, pageSize: number): string;
}

/** Keys as `<namespace>:<what>:<ids…>`; the app gives the economy its own namespace (`droas:economy`). */
export function economyKeys(ns: RedisNamespace): EconomyKeys {
  return {
    balance: (guildId, userId) => ns.key('balance', guildId, userId),
    rank: (guildId, userId) => ns.key('rank', guildId, userId),
    settings: (guildId) => ns.key('settings', guildId),
    leaderboard: (guildId, page, pageSize) => ns.key('leaderboard', guildId, pageSize, page),
  };
}
