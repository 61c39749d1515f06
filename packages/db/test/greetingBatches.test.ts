import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import {
  claimGreetingBatch,
  completeGreetingBatch,
  countWaitingGreetings,
  Database,
  failGreetingBatch,
  overdueGreetingChannels,
  readGreeting,
  recordGreeting,
  requeueGreetingBatch,
} from '../src/index';

const GUILD = '810000000000000001';
const CHANNEL = '820000000000000001';
const OTHER_CHANNEL = '820000000000000002';
const user = (i: number) => (910000000000000000n + BigInt(i)).toString();

describe('greeting batches (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let joins = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 8 });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  /** Queues `n` greetings for `channelId`, oldest first; returns the members. */
  async function queue(n: number, channelId = CHANNEL): Promise<string[]> {
    const users: string[] = [];
    for (let i = 0; i < n; i++) {
      const userId = user(++joins);
      users.push(userId);
      await recordGreeting(db, {
        guildId: GUILD,
        userId,
        kind: 'welcome',
        eventAt: new Date(1_800_000_000_000 + joins),
        status: 'queued',
        channelId,
        member: { username: `m${joins}` },
        receivedAt: new Date(1_800_000_000_000 + joins),
      });
    }
    return users;
  }
  const key = (userId: string, n: number) => ({
    guildId: GUILD,
    userId,
    kind: 'welcome' as const,
    eventAt: new Date(1_800_000_000_000 + n),
  });

  it('claims the oldest queued greetings up to the limit, under the given id, and nothing when none wait', async () => {
    const users = await queue(5);
    const batch = await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-first', 3);
    expect(batch.batchId).toBe('b-first');
    expect(batch.greetings.map((g) => g.userId)).toEqual(users.slice(0, 3));
    expect(batch.greetings.every((g) => g.status === 'sending' && g.batchId === 'b-first')).toBe(true);
    // The batch in flight is its sender's: only the two still queued wait for a flush.
    expect(await countWaitingGreetings(db, CHANNEL, 'welcome')).toBe(2);
    expect(await completeGreetingBatch(db, 'b-first', '830000000000000001', 'coalesced')).toBe(3);

    const rest = await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-second', 10);
    expect(rest.greetings.map((g) => g.userId)).toEqual(users.slice(3));
    expect(await completeGreetingBatch(db, 'b-second', '830000000000000002', 'coalesced')).toBe(2);
    expect((await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-none', 10)).greetings).toEqual([]);
    expect(await countWaitingGreetings(db, CHANNEL, 'welcome')).toBe(0);
  });

  it('gives concurrent claimers disjoint batches', async () => {
    const users = await queue(40, OTHER_CHANNEL);
    const batches = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimGreetingBatch(db, OTHER_CHANNEL, 'welcome', `c-${i}`, 10)),
    );
    const claimed = batches.flatMap((b) => b.greetings.map((g) => g.userId));
    expect(new Set(claimed).size).toBe(claimed.length);
    // Whatever a claimer skipped (rows another held) is still there for the next one.
    for (const b of batches) await completeGreetingBatch(db, b.batchId, '830000000000000003', 'coalesced');
    const after = await claimGreetingBatch(db, OTHER_CHANNEL, 'welcome', 'c-last', 100);
    expect(new Set([...claimed, ...after.greetings.map((g) => g.userId)])).toEqual(new Set(users));
    await completeGreetingBatch(db, 'c-last', '830000000000000004', 'coalesced');
  });

  it('takes an abandoned batch back first, whole and under its own id (its nonce)', async () => {
    const first = joins + 1;
    const users = await queue(3);
    const abandoned = await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-abandoned', 2);
    const younger = await queue(1);
    // Not yet stale: the queued one is claimed, the abandoned batch left to its sender.
    const fresh = await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-fresh', 10, 60_000);
    expect(fresh.greetings.map((g) => g.userId)).toEqual([users[2], younger[0]]);
    await requeueGreetingBatch(db, 'b-fresh');

    expect(await countWaitingGreetings(db, CHANNEL, 'welcome', 30_000)).toBe(2);
    await db.sql`update greeting_deliveries set updated_at = now() - interval '1 minute'
      where batch_id = 'b-abandoned'`;
    expect(await countWaitingGreetings(db, CHANNEL, 'welcome', 30_000)).toBe(4);
    expect(await overdueGreetingChannels(db, 30_000)).toEqual([
      { guildId: GUILD, channelId: CHANNEL, kind: 'welcome' },
    ]);
    const again = await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-new-id', 10, 30_000);
    expect(again.batchId).toBe('b-abandoned');
    expect(again.greetings.map((g) => g.attempts)).toEqual([2, 2]);
    expect(again.greetings.map((g) => g.userId)).toEqual(abandoned.greetings.map((g) => g.userId));
    expect(await failGreetingBatch(db, 'b-abandoned', 'the channel was deleted')).toBe(2);
    const failed = await readGreeting(db, key(users[0]!, first));
    expect(failed).toMatchObject({ status: 'failed', reason: 'the channel was deleted' });

    // The requeued ones went back to queued with no batch, and are claimed afresh.
    const last = await claimGreetingBatch(db, CHANNEL, 'welcome', 'b-last', 10, 30_000);
    expect(last.batchId).toBe('b-last');
    // Claimed twice each (the requeued claim, and this one).
    expect(last.greetings.map((g) => g.attempts)).toEqual([2, 2]);
    expect(last.greetings.map((g) => g.userId)).toEqual([users[2], younger[0]]);
    await completeGreetingBatch(db, 'b-last', '830000000000000005', 'coalesced');
  });
});
