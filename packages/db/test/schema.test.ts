import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import { Database, ensureAccounts, runOperation, verifyLedger } from '../src/index';

const GUILD = '800000000000000002';
const USER = '900000000000000002';
const migrateCli = join(__dirname, '..', 'dist', 'bin', 'migrate.js');
// `down` reverts the newest migration, so `up` must re-apply exactly that one.
const newestMigration = readdirSync(join(__dirname, '..', 'migrations'))
  .sort()
  .at(-1)!
  .replace(/\.sql$/, '');

describe('schema guarantees (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 2 });
    await runOperation(db, { idempotencyKey: 'seed', guildId: GUILD, kind: 'open' }, async (tx) => {
      await ensureAccounts(tx, {
        guildId: GUILD,
        userIds: [USER],
        startingBalance: 10n,
        idempotencyKey: 'seed',
      });
      return {};
    });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('refuses a negative balance even if application code were to try', async () => {
    await expect(db.sql`update accounts set balance = -1 where user_id = ${USER}`).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('keeps the ledger append-only', async () => {
    await expect(
      db.sql`update ledger_entries set delta = 1000 where user_id = ${USER}`,
    ).rejects.toMatchObject({ code: '23001' });
    await expect(db.sql`delete from ledger_entries where user_id = ${USER}`).rejects.toMatchObject({
      code: '23001',
    });
  });

  it('allows one greeting delivery per (guild, user, kind, event time)', async () => {
    const eventAt = new Date('2026-11-01T00:00:00Z');
    const insert = () => db.sql`
      insert into greeting_deliveries (guild_id, user_id, kind, event_at, status, member, received_at)
      values (${GUILD}, ${USER}, 'welcome', ${eventAt}, 'queued', '{}'::jsonb, now())`;
    await insert();
    await expect(insert()).rejects.toMatchObject({ code: '23505' });
  });

  it('finds a balance that disagrees with the ledger', async () => {
    // Simulate corruption the way only a superuser could: bypass the ledger entirely.
    await db.sql`update accounts set balance = balance + 5 where user_id = ${USER}`;
    const report = await verifyLedger(db, { guildId: GUILD });
    expect(report.breaches).toEqual([
      { guildId: GUILD, userId: USER, problem: 'balance_differs_from_ledger', balance: 15n, ledgerSum: 10n },
    ]);
    await db.sql`update accounts set balance = balance - 5 where user_id = ${USER}`;
    expect((await verifyLedger(db, { guildId: GUILD })).breaches).toEqual([]);
  });

  it('migrates down and up again cleanly with the CLI', async () => {
    const scratch = await createTestDatabase();
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, [migrateCli, ...args], {
          env: { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: 'info' },
          encoding: 'utf8',
        });
      const down = run('down');
      expect(down.status).toBe(0);
      expect(down.stdout).toContain('applied 1 migration(s)');
      const up = run();
      expect(up.status).toBe(0);
      expect(up.stdout).toContain(newestMigration);
      expect(run().stdout).toContain('schema is up to date');
    } finally {
      await scratch.drop();
    }
  });
});

describe('migrate CLI configuration', () => {
  const run = (env: Record<string, string>) =>
    spawnSync(process.execPath, [migrateCli], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });

  it('stops with a message naming a missing variable', () => {
    const r = run({});
    expect(r.status).toBe(78);
    expect(r.stderr).toContain('DATABASE_URL is missing: expected a URL (postgres, postgresql)');
  });

  it('stops with a message naming a malformed variable and what was expected', () => {
    const r = run({ DATABASE_URL: 'mysql://root:hunter2@db/x', LOG_LEVEL: 'chatty' });
    expect(r.status).toBe(78);
    expect(r.stderr).toContain(
      'DATABASE_URL is "mysql://root:***@db/x": expected a URL starting with postgres:// or postgresql://',
    );
    expect(r.stderr).toContain('LOG_LEVEL is "chatty": expected one of');
    expect(r.stderr).not.toContain('hunter2');
  });
});
