import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { RedisVersionedCache } from '@droas/resilience';
import { ADMIN_PERMISSIONS, opt } from './support/jobs';
import { startHarness, type Harness } from './support/economyHarness';

describe('/balance, /leaderboard and /history with their caches (real Postgres and Redis)', () => {
  let h: Harness;
  const balanceOf = (user: string, of?: string) =>
    h.run(h.jobs.job({ user, command: 'balance', options: of === undefined ? [] : [opt.user('user', of)] }));
  const grant = (user: string, amount: number, reason?: string) => h.grant(user, amount, reason);
  const hits = (cache: string) => h.metric('droas_economy_cache_requests_total', { cache, result: 'hit' });

  beforeAll(async () => {
    h = await startHarness();
    await h.configure([['starting_balance', 50]]);
  });
  afterAll(() => h.close());

  it('shows a member without an account the starting balance, and caches that answer', async () => {
    const nobody = h.jobs.member(100);
    const first = await balanceOf(nobody);
    expect(first).toEqual({
      content:
        '💰 You have **🪙 50 coins**, the starting balance. Not ranked yet: your account opens with your first payment or daily reward.',
      ephemeral: true,
      allowedMentions: { parse: [] },
    });
    const before = await hits('balance');
    expect(await balanceOf(nobody)).toEqual(first);
    expect(await hits('balance')).toBe(before + 1);
    // Reading never opens an account.
    expect((await h.writes()).accounts).toBe(0);
  });

  it('ranks by balance, then by id, the same order as the leaderboard', async () => {
    const [a, b, c] = [h.jobs.member(1), h.jobs.member(2), h.jobs.member(3)];
    await grant(a, 100);
    await grant(b, 300);
    await grant(c, 100);
    expect((await balanceOf(a)).content).toBe('💰 You have **🪙 150 coins**: rank **#2** in this server.');
    expect((await balanceOf(a, c)).content).toBe(
      `💰 <@${c}> has **🪙 150 coins**: rank **#3** in this server.`,
    );
    const board = await h.run(h.jobs.job({ user: a, command: 'leaderboard' }));
    expect(board.ephemeral).toBe(false);
    expect(board.content.split('\n')).toEqual([
      '🏆 **Leaderboard**',
      `🥇 <@${b}>: 🪙 350 coins`,
      `🥈 <@${a}>: 🪙 150 coins`,
      `🥉 <@${c}>: 🪙 150 coins`,
      '',
      'You: #2 with 🪙 150 coins.',
    ]);
    const rankHits = await hits('rank');
    await balanceOf(a);
    expect(await hits('rank')).toBe(rankHits + 1);
  });

  it('serves balances from Redis, written through on commit, and from Postgres once Redis is flushed', async () => {
    const [payer, payee] = [h.jobs.member(1), h.jobs.member(4)];
    await h.run(
      h.jobs.job({ user: payer, command: 'pay', options: [opt.user('user', payee), opt.int('amount', 30)] }),
    );
    // Change Postgres behind the cache's back (only a superuser could): the cached answer proves the read
    // came from Redis, and the flushed answer that it came from Postgres.
    await h.db.sql`update accounts set balance = balance + 1 where user_id = ${payee}`;
    try {
      const before = await hits('balance');
      expect((await balanceOf(payee)).content).toContain('**🪙 80 coins**');
      expect(await hits('balance')).toBe(before + 1);
      await h.ns.cleanup();
      expect((await balanceOf(payee)).content).toContain('**🪙 81 coins**');
    } finally {
      await h.db.sql`update accounts set balance = balance - 1 where user_id = ${payee}`;
      await h.ns.cleanup();
    }
    expect((await balanceOf(payee)).content).toContain('**🪙 80 coins**');
    await h.expectLedgerClean();
  });

  it('shows a settings change at once (write-through), and keeps it after a flush', async () => {
    const a = h.jobs.member(1);
    expect((await balanceOf(a)).content).toContain('🪙 120 coins');
    const reply = await h.run(
      h.jobs.job({
        user: h.admin,
        command: 'economy',
        permissions: ADMIN_PERMISSIONS,
        options: [
          opt.sub('settings', [opt.text('currency_name', 'gems'), opt.text('currency_symbol', '💎')]),
        ],
      }),
    );
    expect(reply.content).toBe(
      '⚙️ **Economy settings updated**\n• Currency name: coins → **gems**\n• Currency symbol: 🪙 → **💎**',
    );
    expect((await balanceOf(a)).content).toContain('**💎 120 gems**');
    await h.ns.cleanup();
    expect((await balanceOf(a)).content).toContain('**💎 120 gems**');
  });

  it('keeps the newest balance whatever order writes reach Redis in', async () => {
    const cache = new RedisVersionedCache(h.redis);
    const key = `${h.ns.prefix}:versioned-test`;
    expect(await cache.setIfNewer(key, { version: 9n, data: 'nine' }, 10_000)).toBe(true);
    // 10 > 9 although "10" < "9" as text: versions compare by length first.
    expect(await cache.setIfNewer(key, { version: 10n, data: 'ten' }, 10_000)).toBe(true);
    expect(await cache.setIfNewer(key, { version: 9n, data: 'late reader' }, 10_000)).toBe(false);
    expect(await cache.setIfNewer(key, { version: 10n, data: 'same' }, 10_000)).toBe(false);
    expect(await cache.get(key)).toEqual({ version: 10n, data: 'ten' });
    expect(await h.redis.pttl(key)).toBeGreaterThan(9_000);
  });

  it('pages the leaderboard with a next-page hint, caches pages, and refuses a page out of range', async () => {
    for (let i = 10; i < 22; i++) await grant(h.jobs.member(i), i);
    const viewer = h.jobs.member(1);
    const page2 = await h.run(
      h.jobs.job({ user: viewer, command: 'leaderboard', options: [opt.int('page', 2)] }),
    );
    expect(page2.content).toMatch(/^🏆 \*\*Leaderboard\*\*, page 2\n\*\*11\.\*\* /);
    expect(page2.content).not.toContain('More:');
    const page1 = await h.run(h.jobs.job({ user: viewer, command: 'leaderboard' }));
    expect(page1.content).toContain('More: `/leaderboard page:2`');
    const before = await hits('leaderboard');
    await h.run(h.jobs.job({ user: viewer, command: 'leaderboard' }));
    expect(await hits('leaderboard')).toBe(before + 1);
    const empty = await h.run(
      h.jobs.job({ user: viewer, command: 'leaderboard', options: [opt.int('page', 5)] }),
    );
    expect(empty).toMatchObject({ ephemeral: true });
    expect(empty.content).toContain('Page 5 is empty');
    const tooFar = await h.run(
      h.jobs.job({ user: viewer, command: 'leaderboard', options: [opt.int('page', 1001)] }),
    );
    expect(tooFar.content).toBe('`page` must be a whole number from 1 to 1,000, not 1,001.');
  });

  it('lists a member’s own history, newest first: what, when, with whom, note', async () => {
    const [a, b] = [h.jobs.member(30), h.jobs.member(31)];
    await h.run(
      h.jobs.job({
        user: a,
        command: 'pay',
        options: [opt.user('user', b), opt.int('amount', 20), opt.text('note', 'book club')],
      }),
    );
    await grant(a, 5, 'quiz winner');
    const reply = await h.run(h.jobs.job({ user: a, command: 'history' }));
    expect(reply.ephemeral).toBe(true);
    const lines = reply.embeds?.[0]?.description?.split('\n').map((l) => l.replace(/^<t:\d+:f> /, ''));
    expect(lines).toEqual([
      `**+💎 5 gems** granted by <@${h.admin}> “quiz winner” → 💎 35 gems`,
      `**−💎 20 gems** paid to <@${b}> “book club” → 💎 30 gems`,
      '**+💎 50 gems** account opened → 💎 50 gems',
    ]);
    const theirs = await h.run(h.jobs.job({ user: b, command: 'history' }));
    expect(theirs.embeds?.[0]?.description).toContain(
      `**+💎 20 gems** from <@${a}> “book club” → 💎 70 gems`,
    );
    const none = await h.run(h.jobs.job({ user: h.jobs.member(99), command: 'history' }));
    expect(none.content).toBe(
      '📜 No history yet: your account opens with your first payment or daily reward.',
    );
  });
});

describe('with Redis down', () => {
  let h: Harness;

  beforeAll(async () => {
    // Nothing listens on port 1: every command fails at once instead of queueing.
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
    });
    h = await startHarness({ redis: down });
  });
  afterAll(() => h.close());

  it('still answers every command correctly from Postgres, and counts the cache errors', async () => {
    const [a, b] = [h.jobs.member(1), h.jobs.member(2)];
    expect((await h.run(h.jobs.job({ user: a, command: 'daily' }))).content).toMatch(/^🎁/);
    const paid = await h.run(
      h.jobs.job({ user: a, command: 'pay', options: [opt.user('user', b), opt.int('amount', 40)] }),
    );
    expect(paid.ephemeral).toBe(false);
    expect((await h.run(h.jobs.job({ user: a, command: 'balance' }))).content).toBe(
      '💰 You have **🪙 60 coins**: rank **#1** in this server.',
    );
    expect(
      await h.metric('droas_economy_cache_requests_total', { cache: 'balance', result: 'error' }),
    ).toBeGreaterThan(0);
    expect(
      await h.metric('droas_economy_cache_requests_total', { cache: 'settings', result: 'error' }),
    ).toBeGreaterThan(0);
    await h.expectLedgerClean();
  });
});

describe('with Redis hanging', () => {
  let h: Harness;
  let blackHole: Server;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    // Accepts connections and never answers: commands queue in the client instead of failing.
    blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const { port } = blackHole.address() as { port: number };
    h = await startHarness({
      redis: new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 1 }),
      economy: { cacheTimeoutMs: 50 },
    });
  });
  afterAll(async () => {
    await h.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => blackHole.close(resolve));
  });

  it('answers from Postgres once the cache timeout passes, instead of waiting on Redis', async () => {
    const a = h.jobs.member(1);
    const started = performance.now();
    expect((await h.run(h.jobs.job({ user: a, command: 'daily' }))).content).toMatch(/^🎁/);
    expect((await h.run(h.jobs.job({ user: a, command: 'balance' }))).content).toBe(
      '💰 You have **🪙 100 coins**: rank **#1** in this server.',
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(await h.metric('droas_economy_cache_requests_total', { cache: 'balance', result: 'error' })).toBe(
      1,
    );
  });
});
