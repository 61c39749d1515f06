/** The economy's Redis keys under a prefix. */
export interface EconomyKeys {
  balance(guildId: string, userId: string): string;
  rank(guildId: string, userId: string): string;
  settings(guildId: string): string;
  leaderboard(guildId: string, page: number, pageSize: number): string;
}

/** Keys as `<prefix>economy:<what>:<ids…>`. */
export function economyKeys(prefix: string): EconomyKeys {
  const base = `${prefix}economy:`;
  return {
    balance: (guildId, userId) => `${base}balance:${guildId}:${userId}`,
    rank: (guildId, userId) => `${base}rank:${guildId}:${userId}`,
    settings: (guildId) => `${base}settings:${guildId}`,
    leaderboard: (guildId, page, pageSize) => `${base}leaderboard:${guildId}:${pageSize}:${page}`,
  };
}
