import { Database, lockEconomySettings, updateEconomySettings } from '@droas/db';

/**
 * Gives every guild a starting balance large enough that no payment of the run can exhaust it, so a `/pay` is
 * refused only by the system, never by a member's funds: accounts open with it on first use.
 */
export async function seedEconomy(databaseUrl: string, guildIds: readonly string[]): Promise<void> {
  const db = new Database({ url: databaseUrl, maxConnections: 4 });
  try {
    for (const guildId of guildIds) {
      await db.transaction('settings', async (tx) => {
        await lockEconomySettings(tx, guildId);
        await updateEconomySettings(tx, guildId, { startingBalance: 1_000_000_000n });
      });
    }
  } finally {
    await db.close();
  }
}
