import { createTestDatabase, type TestDatabase, seededRandom } from '@droas/testkit';
import { createLogger, Metrics } from '@droas/runtime';
import {
  Database,
  ensureAccounts,
  runOperation,
  transfer,
  verifyLedger,
  type TransferOutcome,
} from '../src/index';

const GUILD = '800000000000000001';
const MEMBERS = Array.from({ length: 50 }, (_, i) => (900000000000000000n + BigInt(i) * 7919n).toString());
const OPENING = 1_000n;

describe('transfer against real Postgres', () => {
  let testDb: TestDatabase;
  let db: Database;
  const metrics = new Metrics({ collectDefaults: false });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({
      url: testDb.url,
      maxConnections: 20,
      metrics,
      logger: createLogger({ name: 't', level: 'silent' }),
    });
    await runOperation(db, { idempotencyKey: 'seed', guildId: GUILD, kind: 'open' }, async (tx) => {
      await ensureAccounts(tx, {
        guildId: GUILD,
        userIds: MEMBERS,
        startingBalance: OPENING,
        idempotencyKey: 'seed',
      });
      return { opened: MEMBERS.length };
    });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('keeps sum(balances) = sum(ledger) through 2,000 concurrent transfers, 200 of them submitted twice at once', async () => {
    const random = seededRandom(42);
    const pick = (): string => MEMBERS[Math.floor(random() * MEMBERS.length)]!;
    const requests = Array.from({ length: 2_000 }, (_, i) => {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      // Amounts up to 400 against 1,000 opening balances: plenty of transfers are refused for lack of funds.
      return { i, from, to, amount: BigInt(1 + Math.floor(random() * 400)), key: `ix-${1_000_000 + i}` };
    });
    const doubled = new Set(requests.filter((r) => r.i % 10 === 0).map((r) => r.key));
    expect(doubled.size).toBe(200);

    const submit = (r: (typeof requests)[number]) =>
      transfer(db, {
        guildId: GUILD,
        fromUserId: r.from,
        toUserId: r.to,
        amount: r.amount,
        idempotencyKey: r.key,
        startingBalance: OPENING,
        maxBalance: 1_000_000n,
      }).then((result) => ({ key: r.key, ...result }));
    const submissions = requests.flatMap((r) => (doubled.has(r.key) ? [submit(r), submit(r)] : [submit(r)]));
    const results = await Promise.all(submissions);
    expect(results).toHaveLength(2_200);

    // Each key was applied once: exactly one first-time result per key, and a duplicate answers the same.
    const byKey = new Map<string, { outcome: TransferOutcome; replayed: boolean }[]>();
    for (const r of results) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r]);
    for (const [key, rs] of byKey) {
      expect(rs.filter((r) => !r.replayed)).toHaveLength(1);
      if (doubled.has(key)) {
        expect(rs).toHaveLength(2);
        expect(rs[0]!.outcome).toEqual(rs[1]!.outcome);
      }
    }

    const applied = results.filter((r) => !r.replayed && r.outcome.status === 'applied');
    const refused = results.filter((r) => !r.replayed && r.outcome.status === 'insufficient_funds');
    expect(applied.length + refused.length).toBe(2_000);
    expect(applied.length).toBeGreaterThan(500);
    expect(refused.length).toBeGreaterThan(0);

    const [counts] = await db.sql<{ outs: bigint; ins: bigint; keys: bigint; dupes: bigint }[]>`
      select count(*) filter (where kind = 'transfer_out') as outs,
             count(*) filter (where kind = 'transfer_in') as ins,
             count(distinct idempotency_key) filter (where kind = 'transfer_out') as keys,
             (select count(*) from (select idempotency_key from ledger_entries where kind = 'transfer_out'
                                    group by idempotency_key having count(*) > 1) d) as dupes
      from ledger_entries where guild_id = ${GUILD}`;
    expect(Number(counts!.outs)).toBe(applied.length);
    expect(Number(counts!.ins)).toBe(applied.length);
    expect(Number(counts!.keys)).toBe(applied.length);
    expect(Number(counts!.dupes)).toBe(0);

    const report = await verifyLedger(db, { guildId: GUILD });
    expect(report.breaches).toEqual([]);
    expect(report.accountsChecked).toBe(50);
    // Money is neither created nor destroyed by transfers.
    expect(report.moneySupply).toBe(OPENING * 50n);
    const [neg] = await db.sql<{ n: bigint }[]>`select count(*) as n from accounts where balance < 0`;
    expect(Number(neg!.n)).toBe(0);

    const text = await metrics.expose();
    expect(text).toMatch(/droas_db_acquire_wait_seconds_count\{op="transfer"\} 2200/);
  });

  it('refuses a transfer that would push the receiver past the maximum, and records the refusal', async () => {
    const [from, to] = [MEMBERS[0]!, MEMBERS[1]!];
    const [row] = await db.sql<
      { balance: bigint }[]
    >`select balance from accounts where guild_id = ${GUILD} and user_id = ${to}`;
    const req = {
      guildId: GUILD,
      fromUserId: from,
      toUserId: to,
      amount: 1n,
      idempotencyKey: 'ix-max',
      startingBalance: OPENING,
      maxBalance: row!.balance,
    };
    const first = await transfer(db, req);
    expect(first).toEqual({
      replayed: false,
      outcome: {
        status: 'receiver_at_max',
        amount: 1n,
        receiverBalance: row!.balance,
        maxBalance: row!.balance,
      },
    });
    // A retry with a looser maximum still answers what the first attempt answered: the key is spent.
    const retry = await transfer(db, { ...req, maxBalance: row!.balance + 100n });
    expect(retry).toEqual({ ...first, replayed: true });
  });

  it('opens unknown accounts lazily with the starting balance, recorded in the ledger', async () => {
    const newcomer = '910000000000000001';
    const result = await transfer(db, {
      guildId: GUILD,
      fromUserId: newcomer,
      toUserId: MEMBERS[2]!,
      amount: 30n,
      idempotencyKey: 'ix-lazy',
      startingBalance: 50n,
      maxBalance: 1_000_000n,
    });
    expect(result.outcome).toMatchObject({ status: 'applied', fromBalance: 20n });
    const entries = await db.sql<{ kind: string; delta: bigint }[]>`
      select kind, delta from ledger_entries where guild_id = ${GUILD} and user_id = ${newcomer} order by id`;
    expect(entries.map((e) => [e.kind, e.delta])).toEqual([
      ['opening', 50n],
      ['transfer_out', -30n],
    ]);
    expect((await verifyLedger(db, { guildId: GUILD })).breaches).toEqual([]);
  });

  it('stores and replays the envelope a command keeps around the result, bigints intact', async () => {
    const req = {
      guildId: GUILD,
      fromUserId: MEMBERS[3]!,
      toUserId: MEMBERS[4]!,
      amount: 7n,
      idempotencyKey: 'ix-envelope',
      reason: 'lunch',
      startingBalance: OPENING,
      maxBalance: 1_000_000n,
    };
    const envelope = { command: 'pay', payerId: MEMBERS[3]!, note: 'lunch', limit: 123456789012345678n };
    const first = await transfer(db, req, envelope);
    expect(first.replayed).toBe(false);
    expect(first.outcome).toMatchObject({ ...envelope, result: { status: 'applied', amount: 7n } });
    const again = await transfer(db, req, { ...envelope, note: 'changed' });
    expect(again).toEqual({ ...first, replayed: true });
    const [entry] = await db.sql<{ reason: string; actor_id: bigint; counterparty_id: bigint }[]>`
      select reason, actor_id, counterparty_id from ledger_entries
      where idempotency_key = 'ix-envelope' and kind = 'transfer_in'`;
    expect(entry).toEqual({
      reason: 'lunch',
      actor_id: BigInt(MEMBERS[3]!),
      counterparty_id: BigInt(MEMBERS[3]!),
    });
  });

  it('refuses a bad transfer in the database too, writing nothing', async () => {
    await expect(
      db.sql`select * from droas_transfer('ix-direct', ${GUILD}::bigint, 1, 1, 2, 0, null, 0, 10, null)`,
    ).rejects.toMatchObject({ code: '22023' });
    const [op] = await db.sql<
      { n: bigint }[]
    >`select count(*) as n from operations where idempotency_key = 'ix-direct'`;
    expect(Number(op!.n)).toBe(0);
  });

  it('rejects programmer mistakes before touching the database', async () => {
    const base = {
      guildId: GUILD,
      fromUserId: MEMBERS[0]!,
      toUserId: MEMBERS[1]!,
      idempotencyKey: 'ix-bad',
      startingBalance: 0n,
      maxBalance: 10n,
    };
    await expect(transfer(db, { ...base, amount: 0n })).rejects.toThrow(RangeError);
    await expect(transfer(db, { ...base, amount: 5n, toUserId: MEMBERS[0]! })).rejects.toThrow(RangeError);
    const [op] = await db.sql<
      { n: bigint }[]
    >`select count(*) as n from operations where idempotency_key = 'ix-bad'`;
    expect(Number(op!.n)).toBe(0);
  });
});
