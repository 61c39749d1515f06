import {
  ensureAccounts,
  lockEconomySettings,
  runOperation,
  updateEconomySettings,
  type Database,
  type EconomySettings,
} from '@droas/db';

/**
 * Gives a guild a starting balance no payment of 1 can exhaust and opens every member's account, as one
 * recorded operation, so both sides of the benchmark start from the same state and no measured payment
 * opens an account.
 */
export async function seedGuild(
  db: Database,
  guildId: string,
  members: readonly string[],
): Promise<EconomySettings> {
  const settings = await db.transaction('settings', async (tx) => {
    await lockEconomySettings(tx, guildId);
    return updateEconomySettings(tx, guildId, { startingBalance: 1_000_000_000n });
  });
  await runOperation(db, { idempotencyKey: `bench-open-${guildId}`, guildId, kind: 'open' }, async (tx) => {
    await ensureAccounts(tx, {
      guildId,
      userIds: members,
      startingBalance: settings.startingBalance,
      idempotencyKey: `bench-open-${guildId}`,
    });
    return { opened: members.length };
  });
  return settings;
}
