import type { RedisNamespace } from '@droas/runtime';

/** The economy's Redis keys. */
export interface EconomyKeys {
  balance(guildId: string, userId: string): string;
  rank(guildId: string, userId: string): string;
  settings(guildId: string): string;
  leaderboard(guildId: string, page: number, pageSize: number): string;
}

/**
 * Keys as `<namespace>:<what>:{<guild>}:<ids…>`; the app gives the economy its own namespace (`droas:economy`).
 * The guild is a Redis Cluster hash tag: a money move drops the cached balances and ranks of everyone it
 * touched in one DEL, which a cluster only allows within one slot, and a guild's cache lives on one node.
 */
export function economyKeys(ns: RedisNamespace): EconomyKeys {
  const tag = (guildId: string) => `{${guildId}}`;
  return {
    balance: (guildId, userId) => ns.key('balance', tag(guildId), userId),
    rank: (guildId, userId) => ns.key('rank', tag(guildId), userId),
    settings: (guildId) => ns.key('settings', tag(guildId)),
    leaderboard: (guildId, page, pageSize) => ns.key('leaderboard', tag(guildId), pageSize, page),
  };
}
