import type { Database } from '../src/index.js';

export interface LedgerShape {
  guilds: number;
  accountsPerGuild: number;
  /** Each transfer writes two entries; each account one opening entry. */
  transfersPerGuild: number;
}

export interface GenerateProgress {
  guildsDone: number;
  guildsTotal: number;
  entriesWritten: number;
  elapsedMs: number;
}

export interface GenerateLedgerOptions {
  /** Guilds written at once, each in a transaction of its own. @defaultValue 1 */
  concurrency?: number;
  /**
   * false skips the foreign-key checks (and every other trigger, none of which fires on these inserts but the
   * maximum-balance check, moot without settings rows) with `session_replication_role = replica`, which needs
   * a superuser: about 40 % faster, for filling a throwaway database with tens of millions of rows. The rows
   * reference existing operations and accounts by construction, and the ledger check still compares every
   * account with its entries. @defaultValue true
   */
  foreignKeyChecks?: boolean;
  onProgress?: (progress: GenerateProgress) => void;
}

/** Every account opens with this much, and a transfer moves 1 to 100: no balance can come near 0. */
const OPENING_BALANCE = 1_000_000n;
const FIRST_GUILD_ID = 100_000_000_000_000_000n;
const FIRST_USER_ID = 300_000_000_000_000_000n;

/** The ledger entries a shape makes: one opening per account, two per transfer. */
export function entriesOf(shape: LedgerShape): number {
  return shape.guilds * (shape.accountsPerGuild + 2 * shape.transfersPerGuild);
}

/** The id of the `index`th generated guild (0-based), a snowflake-sized number. */
export function generatedGuildId(index: number): string {
  return (FIRST_GUILD_ID + BigInt(index) * 7919n).toString();
}

/** The id of the `index`th account (0-based) of the `guildIndex`th generated guild. */
export function generatedUserId(shape: LedgerShape, guildIndex: number, index: number): string {
  return (FIRST_USER_ID + BigInt(guildIndex * shape.accountsPerGuild + index)).toString();
}

/**
 * Fills a migrated database with a ledger of the given shape that satisfies every invariant: each guild's
 * accounts open with an `opening` entry under one `open` operation, then random transfers between them, each
 * an operation and a `transfer_out`/`transfer_in` pair whose `balance_after` is the account's running balance;
 * each account's balance is the sum of its entries. Generated inside Postgres (generate_series), one guild per
 * transaction, through the same constraints, foreign keys and triggers as the application's writes.
 *
 * Entry ids are reserved from the ledger's sequence one guild at a time, so the database should be this
 * generator's alone while it runs (an application writing meanwhile would still get unique ids, but its
 * entries could interleave a guild's id range).
 */
export async function generateLedger(
  db: Database,
  shape: LedgerShape,
  options: GenerateLedgerOptions = {},
): Promise<void> {
  checkShape(shape);
  const startedMs = performance.now();
  const perGuild = shape.accountsPerGuild + 2 * shape.transfersPerGuild;
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let g = next++; g < shape.guilds; g = next++) {
      await generateGuild(db, shape, g, options.foreignKeyChecks ?? true);
      done += 1;
      options.onProgress?.({
        guildsDone: done,
        guildsTotal: shape.guilds,
        entriesWritten: done * perGuild,
        elapsedMs: performance.now() - startedMs,
      });
    }
  };
  const concurrency = options.concurrency ?? 1;
  await Promise.all(Array.from({ length: Math.min(concurrency, shape.guilds) }, worker));
}

function checkShape(shape: LedgerShape): void {
  for (const [field, min] of [
    ['guilds', 1],
    ['accountsPerGuild', 2],
    ['transfersPerGuild', 0],
  ] as const) {
    const value = shape[field];
    if (!Number.isInteger(value) || value < min)
      throw new RangeError(`${field} must be an integer ≥ ${min}, got ${value}`);
  }
}

async function generateGuild(
  db: Database,
  shape: LedgerShape,
  g: number,
  foreignKeyChecks: boolean,
): Promise<void> {
  const guildId = generatedGuildId(g);
  const firstUser = generatedUserId(shape, g, 0);
  const accounts = shape.accountsPerGuild;
  const transfers = shape.transfersPerGuild;
  const entries = accounts + 2 * transfers;
  const keyPrefix = `bench-${guildId}-`;
  await db.transaction('generateLedger', async (tx) => {
    if (!foreignKeyChecks) await tx`set local session_replication_role = replica`;
    // Transfer k moves `amount` from account f to account r (≠ f): indices into the guild's accounts.
    await tx`
      create temporary table bench_transfers on commit drop as
      select k, f, (f + 1 + floor(random() * (${accounts}::int - 1))::int) % ${accounts}::int as r,
        1 + floor(random() * 100)::bigint as amount
      from (select k, floor(random() * ${accounts}::int)::int as f from generate_series(1, ${transfers}::int) k) s`;
    await tx`
      insert into operations (idempotency_key, guild_id, kind, actor_id, outcome)
      select ${keyPrefix + 'open'}, ${guildId}::bigint, 'open', null, '{}'::jsonb
      union all
      select ${keyPrefix} || k, ${guildId}::bigint, 'transfer', ${firstUser}::bigint + f, '{}'::jsonb
      from bench_transfers`;
    const [ids] = await tx<{ first: bigint }[]>`
      select nextval('ledger_entries_id_seq') as first`;
    if (!ids) throw new Error('nextval returned no row');
    await tx`select setval('ledger_entries_id_seq', ${(ids.first + BigInt(entries) - 1n).toString()}::bigint)`;
    // seq orders a guild's entries: the openings first, then each transfer's out and in. Ids follow seq, so
    // each account's entries grow in id as its balance moves, as the application's do.
    await tx`
      with e as (
        select i as who, null::int as other, ${OPENING_BALANCE.toString()}::bigint as delta, 'opening' as kind,
          ${keyPrefix + 'open'} as key, i::bigint as seq
        from generate_series(0, ${accounts}::int - 1) i
        union all
        select f, r, -amount, 'transfer_out', ${keyPrefix} || k, ${accounts}::int + 2 * (k - 1) from bench_transfers
        union all
        select r, f, amount, 'transfer_in', ${keyPrefix} || k, ${accounts}::int + 2 * (k - 1) + 1 from bench_transfers
      ), opened as (
        insert into accounts (guild_id, user_id, balance)
        select ${guildId}::bigint, ${firstUser}::bigint + who, sum(delta) from e group by who order by who
      )
      insert into ledger_entries
        (id, guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, idempotency_key, created_at)
      select ${ids.first.toString()}::bigint + seq, ${guildId}::bigint, ${firstUser}::bigint + who, delta,
        sum(delta) over (partition by who order by seq), kind, ${firstUser}::bigint + other,
        case kind when 'transfer_out' then ${firstUser}::bigint + who when 'transfer_in' then ${firstUser}::bigint + other end,
        key, now() - make_interval(secs => ${entries}::int - seq)
      from e order by seq`;
  });
}
