import { startHarness, type Harness } from './support/economyHarness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('/daily (real Postgres and Redis, fake clock)', () => {
  let h: Harness;
  const daily = (user: string) => h.jobs.job({ user, command: 'daily' });
  const nextClaimTag = () => `<t:${Math.floor((h.clock.nowMs + DAY) / 1000)}:R>`;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  it('pays the daily amount with the guild defaults (100 coins, 24 h), privately', async () => {
    const alice = h.jobs.member(1);
    const expectedNext = nextClaimTag();
    expect(await h.run(daily(alice))).toEqual({
      content: `🎁 You claimed your daily **🪙 100 coins**.\nBalance: **🪙 100 coins**. Next claim ${expectedNext}.`,
      ephemeral: true,
      allowedMentions: { parse: [] },
      undeliveredNotice: expect.stringMatching(
        /^Your daily reward of \*\*🪙 100 coins\*\* was credited at <t:\d+:f>\.$/,
      ) as unknown,
    });
    const entries = await h.db.sql<{ kind: string; delta: bigint; actor_id: bigint }[]>`
      select kind, delta, actor_id from ledger_entries where user_id = ${alice} order by id`;
    expect(entries.map((e) => [e.kind, e.delta, e.actor_id?.toString()])).toEqual([
      ['opening', 0n, undefined],
      ['daily', 100n, alice],
    ]);
  });

  it('shows the time left on cooldown, and a retried job answers the same later', async () => {
    const bob = h.jobs.member(2);
    await h.run(daily(bob));
    const claimedAt = h.clock.nowMs;
    h.clock.advance(19 * HOUR + 48 * 60_000);
    const job = daily(bob);
    const reply = await h.run(job);
    expect(reply.content).toBe(
      `⏳ You've already claimed your daily reward. Next claim <t:${Math.floor((claimedAt + DAY) / 1000)}:R> (in 4 h 12 min).`,
    );
    expect(reply.ephemeral).toBe(true);
    h.clock.advance(5 * HOUR);
    expect(await h.run(job)).toEqual(reply);
    // A new interaction after the cooldown does claim.
    expect((await h.run(daily(bob))).content).toMatch(/^🎁 You claimed your daily/);
  });

  it('pays exactly one of many concurrent claims by the same member', async () => {
    const carol = h.jobs.member(3);
    const replies = await Promise.all(Array.from({ length: 20 }, () => h.run(daily(carol))));
    expect(replies.filter((r) => r.content.startsWith('🎁'))).toHaveLength(1);
    expect(replies.filter((r) => r.content.startsWith('⏳'))).toHaveLength(19);
    const [row] = await h.db.sql<
      { balance: bigint }[]
    >`select balance from accounts where user_id = ${carol}`;
    expect(row!.balance).toBe(100n);
  });

  it('grows a streak bonus on consecutive days, capped, and restarts it after a missed day', async () => {
    await h.configure([
      ['streak_bonus', 10],
      ['streak_max_days', 3],
    ]);
    const dave = h.jobs.member(4);
    const credits: string[] = [];
    for (const gap of [0, DAY, DAY + 20 * HOUR, DAY, DAY, 2 * DAY + HOUR]) {
      h.clock.advance(gap);
      const reply = await h.run(daily(dave));
      credits.push(/claimed your daily \*\*🪙 (\d+) coins\*\*/.exec(reply.content)?.[1] ?? reply.content);
    }
    expect(credits).toEqual(['100', '110', '120', '120', '120', '100']);
    const second = await h.db.sql<
      { daily_streak: number }[]
    >`select daily_streak from accounts where user_id = ${dave}`;
    expect(second[0]!.daily_streak).toBe(1);
    await h.configure([['streak_bonus', 0]]);
  });

  it('refuses at the maximum balance without starting the cooldown, and when daily rewards are off', async () => {
    const erin = h.jobs.member(5);
    await h.configure([['max_balance', 100]]);
    h.clock.advance(DAY);
    await h.run(daily(erin));
    h.clock.advance(DAY);
    expect((await h.run(daily(erin))).content).toBe(
      "You're at this server's maximum balance of 🪙 100 coins, so there is nothing to claim. Your cooldown has not started.",
    );
    // The refusal started no cooldown: once there is room, the claim goes through at once.
    await h.configure([['max_balance', 1_000_000]]);
    expect((await h.run(daily(erin))).content).toMatch(/^🎁 You claimed your daily \*\*🪙 100 coins\*\*/);
    await h.configure([['daily_amount', 0]]);
    h.clock.advance(DAY);
    const before = await h.writes();
    expect((await h.run(daily(erin))).content).toBe('Daily rewards are turned off in this server.');
    expect((await h.writes()).ledger).toBe(before.ledger);
    await h.expectLedgerClean();
  });
});
