import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import {
  applyAdjustment,
  countAccountsAbove,
  Database,
  ensureAccounts,
  lockEconomySettings,
  readAccountRank,
  readAccountStanding,
  readEconomySettings,
  readHistory,
  readLeaderboard,
  readMoneySupply,
  runOperation,
  transfer,
  updateEconomySettings,
  verifyLedger,
} from '../src/index';

const GUILD = '800000000000000003';
const OTHER_GUILD = '800000000000000004';
const user = (i: number) => (900000000000000000n + BigInt(i)).toString();

describe('economy primitives (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let keys = 0;
  const nextKey = () => `ix-p${++keys}`;
  const open = (guildId: string, ids: string[], startingBalance: bigint) => {
    const key = nextKey();
    return runOperation(db, { idempotencyKey: key, guildId, kind: 'open' }, async (tx) => {
      await ensureAccounts(tx, { guildId, userIds: ids, startingBalance, idempotencyKey: key });
      return {};
    });
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 4 });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  describe('guild settings', () => {
    it('reads the column defaults for a new guild by materialising its row', async () => {
      const s = await readEconomySettings(db, GUILD);
      expect(s).toMatchObject({
        guildId: GUILD,
        currencyName: 'coins',
        currencySymbol: '🪙',
        startingBalance: 0n,
        dailyAmount: 100n,
        dailyCooldownSeconds: 86_400,
        dailyStreakBonus: 0n,
        dailyStreakMaxDays: 7,
        maxBalance: 1_000_000_000_000n,
      });
      expect(await readEconomySettings(db, GUILD)).toEqual(s);
    });

    it('reads a new guild’s settings from many connections at once', async () => {
      // Regression: the losers of the first insert used to find no row, because their statement's snapshot
      // predates the winner's commit.
      const wide = new Database({ url: testDb.url, maxConnections: 20 });
      try {
        for (let g = 0; g < 20; g++) {
          const guild = (810000000000000000n + BigInt(g)).toString();
          const reads = await Promise.all(Array.from({ length: 20 }, () => readEconomySettings(wide, guild)));
          expect(new Set(reads.map((s) => s.version)).size).toBe(1);
        }
      } finally {
        await wide.close();
      }
    });

    it('grows the version with every change, even several within one microsecond-poor burst', async () => {
      const versions: bigint[] = [(await readEconomySettings(db, GUILD)).version];
      await db.transaction('settings', async (tx) => {
        await lockEconomySettings(tx, GUILD);
        for (const dailyAmount of [1n, 2n, 3n])
          versions.push((await updateEconomySettings(tx, GUILD, { dailyAmount })).version);
      });
      versions.push((await readEconomySettings(db, GUILD)).version);
      expect(versions[1]! > versions[0]!).toBe(true);
      expect(versions[2]! > versions[1]!).toBe(true);
      expect(versions[3]! > versions[2]!).toBe(true);
      expect(versions[4]).toBe(versions[3]);
    });

    it('lets the CHECK constraints back the validation (starting balance above the maximum)', async () => {
      await expect(
        db.transaction('settings', async (tx) => {
          await lockEconomySettings(tx, GUILD);
          await updateEconomySettings(tx, GUILD, { startingBalance: 10n, maxBalance: 5n });
        }),
      ).rejects.toMatchObject({ code: '23514' });
    });
  });

  describe('the maximum-balance trigger', () => {
    it('refuses any increase past the guild maximum, and allows spending down from above it', async () => {
      const guild = '800000000000000005';
      await db.transaction('settings', async (tx) => {
        await lockEconomySettings(tx, guild);
        await updateEconomySettings(tx, guild, { maxBalance: 100n });
      });
      await open(guild, [user(1)], 100n);
      await expect(db.sql`update accounts set balance = 101 where guild_id = ${guild}`).rejects.toMatchObject(
        {
          code: '23514',
          constraint_name: 'accounts_balance_within_max',
        },
      );
      await db.transaction('settings', async (tx) => {
        await updateEconomySettings(tx, guild, { maxBalance: 50n });
      });
      await db.sql`update accounts set balance = 90 where guild_id = ${guild}`;
      await expect(db.sql`update accounts set balance = 95 where guild_id = ${guild}`).rejects.toMatchObject({
        code: '23514',
      });
      const [row] = await db.sql<
        { balance: bigint }[]
      >`select balance from accounts where guild_id = ${guild}`;
      expect(row!.balance).toBe(90n);
    });

    it('leaves a guild without a settings row uncapped', async () => {
      const guild = '800000000000000006';
      await open(guild, [user(1)], 10n ** 15n);
      const [row] = await db.sql<
        { balance: bigint }[]
      >`select balance from accounts where guild_id = ${guild}`;
      expect(row!.balance).toBe(10n ** 15n);
    });
  });

  describe('applyAdjustment', () => {
    it('records an applied change as one entry with kind, actor, reason and the daily fields', async () => {
      const key = nextKey();
      const claimedAtMs = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
      const { outcome } = await runOperation(
        db,
        { idempotencyKey: key, guildId: GUILD, kind: 'daily' },
        (tx) =>
          applyAdjustment(
            tx,
            {
              guildId: GUILD,
              userId: user(50),
              kind: 'daily',
              idempotencyKey: key,
              actorId: user(50),
              startingBalance: 0n,
            },
            (account) => ({
              newBalance: account.balance + 3n,
              daily: { streak: 4, claimedAtMs },
              detail: 'paid',
            }),
          ),
      );
      expect(outcome).toMatchObject({
        detail: 'paid',
        balanceBefore: 0n,
        applied: { balanceAfter: 3n, delta: 3n },
      });
      const seen = await db.transaction('peek', (tx) =>
        applyAdjustment(
          tx,
          {
            guildId: GUILD,
            userId: user(50),
            kind: 'grant',
            idempotencyKey: key,
            actorId: user(1),
            startingBalance: 0n,
          },
          (account) => ({ detail: account }),
        ),
      );
      expect(seen.detail).toEqual({ balance: 3n, dailyStreak: 4, lastDailyAtMs: claimedAtMs });
      const entries = await db.sql<{ id: bigint; kind: string; actor_id: bigint }[]>`
        select id, kind, actor_id from ledger_entries where user_id = ${user(50)} and kind = 'daily'`;
      expect(entries.map((e) => [e.id, e.kind, e.actor_id.toString()])).toEqual([
        [outcome.applied!.entryId, 'daily', user(50)],
      ]);
    });

    it('changes nothing when the plan has no new balance', async () => {
      const key = nextKey();
      const before = await db.sql<{ n: bigint }[]>`select count(*) as n from ledger_entries`;
      const { outcome } = await runOperation(
        db,
        { idempotencyKey: key, guildId: GUILD, kind: 'take' },
        (tx) =>
          applyAdjustment(
            tx,
            {
              guildId: GUILD,
              userId: user(50),
              kind: 'take',
              idempotencyKey: key,
              actorId: user(1),
              startingBalance: 0n,
            },
            () => ({ detail: 'refused' }),
          ),
      );
      expect(outcome).toEqual({ detail: 'refused', balanceBefore: 3n });
      const after = await db.sql<{ n: bigint }[]>`select count(*) as n from ledger_entries`;
      expect(after[0]!.n).toBe(before[0]!.n);
    });
  });

  it('stores an operation outcome as a queryable jsonb object', async () => {
    // Regression: the encoded text used to be bound as a jsonb parameter, which postgres.js JSON-encodes a
    // second time, so every outcome was stored as one jsonb string.
    await runOperation(db, { idempotencyKey: 'ix-json', guildId: GUILD, kind: 'open' }, () =>
      Promise.resolve({ status: 'applied', amount: 5n }),
    );
    const [row] = await db.sql<{ type: string; status: string }[]>`
      select jsonb_typeof(outcome) as type, outcome->>'status' as status from operations where idempotency_key = 'ix-json'`;
    expect(row).toEqual({ type: 'object', status: 'applied' });
  });

  it('returns the ledger entry ids of a transfer, which version cached balances', async () => {
    await open(GUILD, [user(60), user(61)], 50n);
    const { outcome } = await transfer(db, {
      guildId: GUILD,
      fromUserId: user(60),
      toUserId: user(61),
      amount: 5n,
      idempotencyKey: nextKey(),
      startingBalance: 50n,
      maxBalance: 1_000n,
    });
    if (outcome.status !== 'applied') throw new Error(`expected applied, got ${outcome.status}`);
    const latest = await readAccountStanding(db, GUILD, user(61));
    expect(latest?.version).toBe(outcome.toEntryId);
    expect(outcome.toEntryId > outcome.fromEntryId).toBe(true);
  });

  describe('reads', () => {
    const guild = '800000000000000007';

    beforeAll(async () => {
      // 5,000 accounts with repeating balances (ties) and a few in another guild.
      const ids = Array.from({ length: 5_000 }, (_, i) => user(1_000 + i));
      await open(guild, ids, 0n);
      await db.sql`
        update accounts set balance = (user_id % 97) * 10
        where guild_id = ${guild}`;
      await open(OTHER_GUILD, [user(1), user(2)], 1_000_000n);
      await db.sql`analyze accounts`;
    });

    it('orders the leaderboard by balance then id, and ranks consistently with it', async () => {
      const top = await readLeaderboard(db, guild, { offset: 0, limit: 200 });
      const sorted = [...top].sort((a, b) =>
        a.balance === b.balance
          ? BigInt(a.userId) < BigInt(b.userId)
            ? -1
            : 1
          : a.balance > b.balance
            ? -1
            : 1,
      );
      expect(top).toEqual(sorted);
      for (const position of [0, 1, 57, 199]) {
        const row = top[position]!;
        expect(await readAccountRank(db, guild, row.userId, row.balance)).toBe(position + 1);
        expect((await readAccountStanding(db, guild, row.userId))?.rank).toBe(position + 1);
      }
      const page2 = await readLeaderboard(db, guild, { offset: 100, limit: 100 });
      expect(page2).toEqual(top.slice(100, 200));
    });

    it('walks the leaderboard index instead of sorting the guild', async () => {
      const plan = await db.sql<{ 'QUERY PLAN': string }[]>`
        explain select user_id, balance from accounts where guild_id = ${guild}
        order by balance desc, user_id limit 11 offset 20`;
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('accounts_leaderboard_idx');
      expect(text).not.toMatch(/\bSort\b/);
    });

    it('sums each guild’s money supply and counts accounts above a balance', async () => {
      const supply = await readMoneySupply(db, [guild, OTHER_GUILD, '800000000000000099']);
      const [expected] = await db.sql<
        { s: bigint }[]
      >`select sum(balance)::bigint as s from accounts where guild_id = ${guild}`;
      expect(supply).toEqual(
        new Map([
          [guild, expected!.s],
          [OTHER_GUILD, 2_000_000n],
        ]),
      );
      const above = await db.transaction('count', (tx) => countAccountsAbove(tx, guild, 950n));
      const [n] = await db.sql<
        { n: bigint }[]
      >`select count(*) as n from accounts where guild_id = ${guild} and balance > 950`;
      expect(above).toBe(Number(n!.n));
    });

    it('pages a member’s history newest first', async () => {
      const history = await readHistory(db, GUILD, user(61), { offset: 0, limit: 10 });
      expect(history.map((e) => [e.kind, e.delta, e.balanceAfter, e.counterpartyId, e.actorId])).toEqual([
        ['transfer_in', 5n, 55n, user(60), user(60)],
        ['opening', 50n, 50n, null, null],
      ]);
      expect(Math.abs(history[0]!.createdAtMs - Date.now())).toBeLessThan(60_000);
      expect(await readHistory(db, GUILD, user(61), { offset: 2, limit: 10 })).toEqual([]);
    });

    it('leaves the ledger consistent', async () => {
      // The reads fixture set balances directly, so only the primitives' guild is held to the invariant.
      expect((await verifyLedger(db, { guildId: GUILD })).breaches).toEqual([]);
    });
  });
});
