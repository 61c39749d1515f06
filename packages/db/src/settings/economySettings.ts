import type { Database, Sql, TransactionSql } from '../database.js';

/** A guild's economy settings (the economy's columns of `guild_settings`). */
export interface EconomySettings {
  guildId: string;
  currencyName: string;
  currencySymbol: string;
  startingBalance: bigint;
  dailyAmount: bigint;
  dailyCooldownSeconds: number;
  /** Extra paid per consecutive day after the first; 0 turns streaks off. */
  dailyStreakBonus: bigint;
  /** The streak day from which the bonus stops growing. */
  dailyStreakMaxDays: number;
  maxBalance: bigint;
  /**
   * Microseconds since the epoch of the row's last change. Every change makes it larger (see
   * {@link updateEconomySettings}), so caches can refuse a copy older than the one they hold.
   */
  version: bigint;
}

/** The settings an admin can change. */
export type EconomySettingsPatch = Partial<Omit<EconomySettings, 'guildId' | 'version'>>;

const COLUMNS = {
  currencyName: 'currency_name',
  currencySymbol: 'currency_symbol',
  startingBalance: 'starting_balance',
  dailyAmount: 'daily_amount',
  dailyCooldownSeconds: 'daily_cooldown_seconds',
  dailyStreakBonus: 'daily_streak_bonus',
  dailyStreakMaxDays: 'daily_streak_max_days',
  maxBalance: 'max_balance',
} as const satisfies Record<keyof EconomySettingsPatch, string>;

// The economy's columns and the version, as a fragment every settings query selects.
function settingsColumns(sql: Sql<{ bigint: bigint }> | TransactionSql<{ bigint: bigint }>) {
  return sql`
    guild_id, currency_name, currency_symbol, starting_balance, daily_amount, daily_cooldown_seconds,
    daily_streak_bonus, daily_streak_max_days, max_balance,
    (extract(epoch from updated_at) * 1000000)::bigint as version`;
}

interface SettingsRow {
  guild_id: bigint;
  currency_name: string;
  currency_symbol: string;
  starting_balance: bigint;
  daily_amount: bigint;
  daily_cooldown_seconds: number;
  daily_streak_bonus: bigint;
  daily_streak_max_days: number;
  max_balance: bigint;
  version: bigint;
}

/**
 * A guild's economy settings. A guild's first read inserts its row with the column defaults, so the
 * defaults are written once, in the migration, and the max-balance trigger has a row to read before any
 * money moves.
 */
export async function readEconomySettings(db: Database, guildId: string): Promise<EconomySettings> {
  return db.query('readEconomySettings', async (sql) => {
    // A data-modifying CTE is invisible to the outer select's snapshot: at most one branch yields the row.
    const [row] = await sql<SettingsRow[]>`
      with inserted as (
        insert into guild_settings (guild_id) values (${guildId}) on conflict (guild_id) do nothing
        returning *
      )
      select ${settingsColumns(sql)} from inserted
      union all
      select ${settingsColumns(sql)} from guild_settings where guild_id = ${guildId}`;
    if (row) return toSettings(row);
    // Neither: a concurrent first read inserted the row after this statement's snapshot was taken (the insert
    // waited for it, then did nothing). A new statement has a new snapshot and sees it.
    const [again] = await sql<SettingsRow[]>`
      select ${settingsColumns(sql)} from guild_settings where guild_id = ${guildId}`;
    if (!again) throw new Error(`guild_settings row for ${guildId} missing after insert`);
    return toSettings(again);
  });
}

/**
 * Reads and locks a guild's settings inside the caller's transaction (inserting the defaults row first),
 * so a change can be validated against the current values and no concurrent change interleaves.
 */
export async function lockEconomySettings(
  tx: TransactionSql<{ bigint: bigint }>,
  guildId: string,
): Promise<EconomySettings> {
  await tx`insert into guild_settings (guild_id) values (${guildId}) on conflict (guild_id) do nothing`;
  const [row] = await tx<SettingsRow[]>`
    select ${settingsColumns(tx)}
    from guild_settings where guild_id = ${guildId} for update`;
  if (!row) throw new Error(`guild_settings row for ${guildId} missing after insert`);
  return toSettings(row);
}

/**
 * Applies `patch` inside the caller's transaction (after {@link lockEconomySettings}) and returns the new
 * settings. The CHECK constraints of `guild_settings` (lengths, ranges, starting ≤ maximum) back the
 * caller's validation.
 */
export async function updateEconomySettings(
  tx: TransactionSql<{ bigint: bigint }>,
  guildId: string,
  patch: EconomySettingsPatch,
): Promise<EconomySettings> {
  const values: Record<string, string | number> = {};
  for (const [key, column] of Object.entries(COLUMNS) as [keyof EconomySettingsPatch, string][]) {
    const value = patch[key];
    if (value !== undefined) values[column] = typeof value === 'bigint' ? value.toString() : value;
  }
  if (Object.keys(values).length === 0) return lockEconomySettings(tx, guildId);
  // clock_timestamp(), not now(): now() is the transaction's start, and a transaction that started earlier
  // can commit later. Past the previous value by at least 1 µs, so the version always grows.
  const [row] = await tx<SettingsRow[]>`
    update guild_settings set ${tx(values)},
      updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
    where guild_id = ${guildId}
    returning ${settingsColumns(tx)}`;
  if (!row) throw new Error(`guild_settings row for ${guildId} missing; lock it first`);
  return toSettings(row);
}

function toSettings(row: SettingsRow): EconomySettings {
  return {
    guildId: row.guild_id.toString(),
    currencyName: row.currency_name,
    currencySymbol: row.currency_symbol,
    startingBalance: row.starting_balance,
    dailyAmount: row.daily_amount,
    dailyCooldownSeconds: row.daily_cooldown_seconds,
    dailyStreakBonus: row.daily_streak_bonus,
    dailyStreakMaxDays: row.daily_streak_max_days,
    maxBalance: row.max_balance,
    version: row.version,
  };
}
