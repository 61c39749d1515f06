import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import postgres from 'postgres';
import { Database } from '../src/index';

// Postgres ending a session inside a transaction (a fast shutdown, a failover, a terminated backend) used to end
// the whole process: postgres 3.4.9 sent the transaction's ROLLBACK to the closed connection and threw from a
// setImmediate (scripts/lib/dependencyPatches.mjs says how, and fixes it at install). The worker died in the
// middle of a Postgres outage instead of riding it out.
/** What the test needs of a connection: a query without parameters, from the pool, a transaction or a reservation. */
type Tag = (strings: TemplateStringsArray) => PromiseLike<unknown>;

describe('a session ended by Postgres inside a transaction (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let admin: postgres.Sql;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 2 });
    admin = postgres(testDb.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await db.close();
    await admin.end({ timeout: 5 });
    await testDb.drop();
  });

  /** Runs `use` six times, each ending its own session mid-statement; returns each outcome's error code. */
  async function endSessions(use: (work: (sql: Tag) => Promise<void>) => Promise<void>): Promise<string[]> {
    const outcomes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const outcome = await use(async (sql) => {
        const [row] = (await sql`select pg_backend_pid() as pid`) as { pid: number }[];
        // End this session while its statement runs, as a shutdown does.
        setTimeout(() => void admin`select pg_terminate_backend(${row!.pid})`.catch(() => {}), 30);
        await sql`select pg_sleep(2)`;
      }).then(
        () => 'completed',
        (error: unknown) => String((error as { code?: unknown }).code),
      );
      outcomes.push(outcome);
      // Let the deferred write (the one that used to throw) run before the next round.
      await new Promise((r) => setImmediate(r));
    }
    return outcomes;
  }

  /** Every connection of the pool answers again, and a transaction commits. */
  async function expectPoolServes(): Promise<void> {
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        db.query('sessionLossAfter', (sql) => sql<{ n: number }[]>`select ${n}::int as n`),
      ),
    );
    expect(answers.map((rows) => rows[0]!.n)).toEqual([1, 2, 3, 4]);
    const committed = await db.transaction('sessionLossAfter', async (tx) => {
      const [row] = await tx<{ one: number }[]>`select 1 as one`;
      return row!.one;
    });
    expect(committed).toBe(1);
  }

  it('rejects the transaction with a connection error, and the pool serves the next queries', async () => {
    const outcomes = await endSessions((work) => db.transaction('sessionLoss', (tx) => work(tx)));
    for (const o of outcomes) expect(['CONNECTION_CLOSED', '57P01']).toContain(o);
    await expectPoolServes();
  }, 60_000);

  it('rejects the statement on a reserved connection, and releasing it does not put a dead connection back', async () => {
    const outcomes = await endSessions((work) => db.statement('sessionLoss', (sql) => work(sql)));
    for (const o of outcomes) expect(['CONNECTION_CLOSED', '57P01']).toContain(o);
    await expectPoolServes();
  }, 60_000);
});
