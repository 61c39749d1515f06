import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import { Database, ensureAccounts, runOperation, transfer, verifyLedger } from '../src/index';

const GUILDS = ['800000000000000011', '800000000000000012', '800000000000000013'];
const MEMBERS = ['900000000000000011', '900000000000000012', '900000000000000013'];
const MIGRATION = '1765324800000_partition-ledger';
const migrateCli = join(__dirname, '..', 'dist', 'bin', 'migrate.js');

/** The migrate CLI (node-pg-migrate is ESM, which jest's CommonJS runtime cannot import); its log line. */
function migrate(url: string, direction: 'up' | 'down'): string {
  const run = spawnSync(process.execPath, [migrateCli, ...(direction === 'down' ? ['down'] : [])], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'info' },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`migrate ${direction} failed: ${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** Every column of every entry, in id order, as text (so bigints and timestamps compare exactly). */
const ledgerRows = (db: Database) => db.sql`
  select id::text, guild_id::text, user_id::text, delta::text, balance_after::text, kind,
    counterparty_id::text, actor_id::text, reason, idempotency_key, created_at::text
  from ledger_entries order by ledger_entries.id`;

describe('partitioning the ledger (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 2 });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('keeps every entry, its id and the id sequence when the ledger is partitioned, and undoes cleanly', async () => {
    // Back to the unpartitioned ledger, filled the way the application fills it.
    expect(migrate(testDb.url, 'down')).toContain(MIGRATION);
    for (const [g, guildId] of GUILDS.entries()) {
      await runOperation(db, { idempotencyKey: `open-${g}`, guildId, kind: 'open' }, async (tx) => {
        await ensureAccounts(tx, {
          guildId,
          userIds: MEMBERS,
          startingBalance: 100n,
          idempotencyKey: `open-${g}`,
        });
        return {};
      });
      for (let i = 0; i < 5; i++) {
        await transfer(db, {
          guildId,
          fromUserId: MEMBERS[i % 3]!,
          toUserId: MEMBERS[(i + 1) % 3]!,
          amount: BigInt(i + 1),
          idempotencyKey: `pay-${g}-${i}`,
          reason: `note ${i}`,
          startingBalance: 100n,
          maxBalance: 10_000n,
        });
      }
    }
    const before = await ledgerRows(db);
    expect(before).toHaveLength(GUILDS.length * (3 + 2 * 5));

    expect(migrate(testDb.url, 'up')).toContain(MIGRATION);
    expect(await ledgerRows(db)).toEqual(before);
    const [parts] = await db.sql<{ n: bigint }[]>`
      select count(*) as n from pg_inherits where inhparent = 'ledger_entries'::regclass`;
    expect(parts?.n).toBe(16n);
    expect((await verifyLedger(db)).breaches).toEqual([]);

    // New entries continue the old ids, and the append-only trigger guards every partition.
    const lastId = BigInt(before.at(-1)!.id as string);
    const paid = await transfer(db, {
      guildId: GUILDS[0]!,
      fromUserId: MEMBERS[0]!,
      toUserId: MEMBERS[2]!,
      amount: 7n,
      idempotencyKey: 'pay-after',
      startingBalance: 100n,
      maxBalance: 10_000n,
    });
    expect(paid.outcome.status).toBe('applied');
    if (paid.outcome.status === 'applied') expect(paid.outcome.fromEntryId).toBe(lastId + 1n);
    await expect(
      db.sql`update ledger_entries set delta = 0 where idempotency_key = 'pay-after'`,
    ).rejects.toMatchObject({ code: '23001' });
    const [holding] = await db.sql<{ partition: string }[]>`
      select tableoid::regclass::text as partition from ledger_entries where guild_id = ${GUILDS[0]!} limit 1`;
    await expect(db.sql`delete from ${db.sql(holding!.partition)}`).rejects.toMatchObject({ code: '23001' });

    // And back: the unpartitioned ledger has every entry, the new one included.
    const after = await ledgerRows(db);
    migrate(testDb.url, 'down');
    expect(await ledgerRows(db)).toEqual(after);
    migrate(testDb.url, 'up');
    expect(await ledgerRows(db)).toEqual(after);
  });
});
