import type { Database } from '../database.js';

/** One hash partition of `ledger_entries`: the guilds whose hash modulo `modulus` is `remainder`. */
export interface LedgerPartition {
  name: string;
  modulus: number;
  remainder: number;
}

/**
 * The partitions of `ledger_entries` with their hash bounds, read from the catalog (so a later split into more
 * partitions needs no change here), in name order.
 */
export async function listLedgerPartitions(db: Database): Promise<LedgerPartition[]> {
  const rows = await db.query(
    'listLedgerPartitions',
    (sql) => sql<{ name: string; bound: string }[]>`
      select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'ledger_entries'::regclass
      order by c.relname`,
  );
  if (rows.length === 0) throw new Error('ledger_entries has no partitions: is the database migrated?');
  return rows.map(({ name, bound }) => {
    const m = /modulus (\d+), remainder (\d+)/.exec(bound);
    if (!m) throw new Error(`partition ${name} is not a hash partition (${bound})`);
    return { name, modulus: Number(m[1]), remainder: Number(m[2]) };
  });
}
