import {
  Database,
  ensureAccounts,
  lockEconomySettings,
  runOperation,
  updateEconomySettings,
} from '@droas/db';
import type { LoadGuild } from './commandMix.js';

// Members per INSERT: one statement's arrays stay small however large the population.
const MEMBERS_PER_BATCH = 5_000;

/**
 * Opens every member's account in each guild with `startingBalance`, through the economy's own functions:
 * the guild's starting balance is set like `/economy settings` sets it (so a member the seed missed opens
 * with the same amount), and the accounts open like a first payment opens them, each with its `opening`
 * ledger entry, as recorded operations. Idempotent: accounts that exist are left as they are, and a second
 * seed with the same guilds and members changes nothing.
 */
export async function seedEconomy(
  databaseUrl: string,
  guilds: readonly LoadGuild[],
  startingBalance: bigint,
): Promise<void> {
  if (startingBalance < 0n) throw new RangeError(`startingBalance must be ≥ 0, got ${startingBalance}`);
  const db = new Database({ url: databaseUrl, maxConnections: 2, applicationName: 'droas-loadtest-seed' });
  try {
    for (const { guildId, memberIds } of guilds) {
      await db.transaction('settings', async (tx) => {
        await lockEconomySettings(tx, guildId);
        await updateEconomySettings(tx, guildId, { startingBalance });
      });
      for (let start = 0; start < memberIds.length; start += MEMBERS_PER_BATCH) {
        const batch = memberIds.slice(start, start + MEMBERS_PER_BATCH);
        // The key names the batch, so seeding the same members again replays instead of opening twice.
        const idempotencyKey = `loadtest-open-${guildId}-${start}-${batch.length}`;
        await runOperation(db, { idempotencyKey, guildId, kind: 'open' }, async (tx) => {
          await ensureAccounts(tx, { guildId, userIds: batch, startingBalance, idempotencyKey });
          return { opened: batch.length };
        });
      }
    }
  } finally {
    await db.close();
  }
}
