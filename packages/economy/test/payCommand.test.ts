import { ADMIN_PERMISSIONS, opt, withRawOption } from './support/jobs';
import { startHarness, type Harness } from './support/economyHarness';

describe('/pay (real Postgres and Redis)', () => {
  let h: Harness;
  let alice: string;
  let bob: string;
  const pay = (from: string, to: string, amount: number, note?: string) =>
    h.jobs.job({
      user: from,
      command: 'pay',
      options: [
        opt.user('user', to),
        opt.int('amount', amount),
        ...(note === undefined ? [] : [opt.text('note', note)]),
      ],
    });

  beforeAll(async () => {
    h = await startHarness();
    alice = h.jobs.member(1);
    bob = h.jobs.member(2);
    await h.configure([
      ['starting_balance', 1_000],
      ['max_balance', 10_000],
    ]);
  });
  afterAll(() => h.close());

  it('moves the money once, in the ledger with the note, and announces it publicly without pinging', async () => {
    const reply = await h.run(pay(alice, bob, 250, 'for lunch'));
    expect(reply).toEqual({
      content: `💸 <@${alice}> paid <@${bob}> **🪙 250 coins**.\n📝 “for lunch”`,
      ephemeral: false,
      allowedMentions: { parse: [] },
      // Told on the payer's next command if this answer never reaches them.
      undeliveredNotice: expect.stringMatching(
        new RegExp(`^Your payment of \\*\\*🪙 250 coins\\*\\* to <@${bob}> went through at <t:\\d+:f>\\.$`),
      ) as unknown,
    });
    const entries = await h.db.sql<{ user_id: bigint; kind: string; delta: bigint; reason: string | null }[]>`
      select user_id, kind, delta, reason from ledger_entries
      where guild_id = ${h.jobs.guildId} and kind like 'transfer%' order by id`;
    expect(entries.map((e) => [e.user_id.toString(), e.kind, e.delta, e.reason])).toEqual([
      [alice, 'transfer_out', -250n, 'for lunch'],
      [bob, 'transfer_in', 250n, 'for lunch'],
    ]);
    const balance = await h.run(h.jobs.job({ user: alice, command: 'balance' }));
    expect(balance.content).toBe('💰 You have **🪙 750 coins**: rank **#2** in this server.');
    await h.expectLedgerClean();
  });

  it('answers a retried job identically and moves nothing, even after the settings changed', async () => {
    const job = pay(alice, bob, 100);
    const first = await h.run(job);
    const before = await h.writes();
    await h.configure([['daily_amount', 150]]);
    const afterConfigure = await h.writes();
    const retry = await h.run(job);
    expect(retry).toEqual(first);
    expect(await h.writes()).toEqual(afterConfigure);
    expect(afterConfigure.ledger).toBe(before.ledger);
    expect(await h.metric('droas_economy_commands_total', { command: 'pay', result: 'replayed' })).toBe(1);
  });

  it.each([
    ['yourself', () => [alice, alice], "You can't pay yourself. Pick another member."],
    [
      'this bot',
      () => [alice, h.jobs.applicationId],
      "I'm the bot running this economy and can't hold money. Pick a member.",
    ],
  ])('refuses paying %s privately, writing nothing', async (_what, who, message) => {
    const [from, to] = who();
    const before = await h.writes();
    expect(await h.run(pay(from!, to!, 10))).toEqual({
      content: message,
      ephemeral: true,
      allowedMentions: { parse: [] },
    });
    expect(await h.writes()).toEqual(before);
  });

  it('refuses a bot invoking the command', async () => {
    const before = await h.writes();
    const job = h.jobs.job({
      user: h.jobs.member(3),
      bot: true,
      command: 'pay',
      options: [opt.user('user', bob), opt.int('amount', 1)],
    });
    expect((await h.run(job)).content).toBe("Bots can't use the economy.");
    expect(await h.writes()).toEqual(before);
  });

  it('refuses a payment beyond the payer’s balance with both numbers, and answers a retry the same', async () => {
    const carol = h.jobs.member(4);
    // Caches "carol has no account", which the refused payment below makes false.
    expect((await h.run(h.jobs.job({ user: carol, command: 'balance' }))).content).toContain(
      'Not ranked yet',
    );
    const job = pay(carol, bob, 5_000);
    const reply = await h.run(job);
    expect(reply).toMatchObject({ ephemeral: true });
    expect(reply.content).toBe(
      "You can't pay **🪙 5,000 coins**: you have 🪙 1,000 coins. Nothing was sent.",
    );
    expect(await h.run(job)).toEqual(reply);
    const [moved] = await h.db.sql<{ n: bigint }[]>`
      select count(*) as n from ledger_entries where user_id = ${carol} and kind = 'transfer_out'`;
    expect(Number(moved!.n)).toBe(0);
    // The refused payment opened carol's account: /balance must not keep showing "no account".
    expect((await h.run(h.jobs.job({ user: carol, command: 'balance' }))).content).toMatch(
      /rank \*\*#\d+\*\*/,
    );
  });

  it('refuses a payment that would take the receiver past the maximum, saying how much fits', async () => {
    const rich = h.jobs.member(5);
    await h.run(
      h.jobs.job({
        user: h.admin,
        command: 'economy',
        permissions: ADMIN_PERMISSIONS,
        options: [
          opt.sub('set', [opt.user('user', rich), opt.int('amount', 9_900), opt.text('reason', 'test')]),
        ],
      }),
    );
    const reply = await h.run(pay(alice, rich, 200));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('The most you can pay them is 🪙 100 coins.');
  });

  it('refuses an amount above the guild maximum naming the option, opening no account', async () => {
    const [dave, erin] = [h.jobs.member(6), h.jobs.member(7)];
    const before = await h.writes();
    const reply = await h.run(pay(dave, erin, 20_000));
    expect(reply).toMatchObject({ ephemeral: true });
    expect(reply.content).toBe(
      "`amount` can be at most 🪙 10,000 coins, this server's maximum balance; you gave 🪙 20,000 coins. Nothing was sent.",
    );
    const after = await h.writes();
    expect(after.ledger).toBe(before.ledger);
    expect(after.accounts).toBe(before.accounts);
  });

  // Each edge is sent in a job built by hand, past the contract, as a raw queue payload could be.
  it.each([
    ['0', 0, 4, '`amount` must be a whole number of at least 1, not 0.'],
    ['a negative amount', -5, 4, '`amount` must be a whole number of at least 1, not -5.'],
    [
      '2^53 + 1',
      2 ** 53 + 1,
      4,
      '`amount` is too large to handle exactly: give a whole number of at least 1, at most 9,007,199,254,740,991.',
    ],
    [
      '2^63',
      2 ** 63,
      4,
      '`amount` is too large to handle exactly: give a whole number of at least 1, at most 9,007,199,254,740,991.',
    ],
    [
      '2^63 as a bigint',
      2n ** 63n,
      4,
      '`amount` must be a whole number of at least 1, not 9,223,372,036,854,775,808.',
    ],
    ['non-numeric text', 'lots', 3, '`amount` must be a whole number of at least 1, not “lots”.'],
    ['a numeric string', '100', 4, '`amount` must be a whole number of at least 1, not “100”.'],
    ['a fraction', 0.5, 4, '`amount` must be a whole number of at least 1, not 0.5.'],
  ])('refuses %s clearly and writes nothing', async (_what, value, type, message) => {
    const before = await h.writes();
    const job = withRawOption(pay(alice, bob, 1), 'amount', value, type);
    expect(await h.run(job)).toEqual({ content: message, ephemeral: true, allowedMentions: { parse: [] } });
    expect(await h.writes()).toEqual(before);
  });

  it('refuses a missing or malformed member and an over-long note', async () => {
    const before = await h.writes();
    const noUser = h.jobs.job({ user: alice, command: 'pay', options: [opt.int('amount', 5)] });
    expect((await h.run(noUser)).content).toBe('`user` is missing: pick a member.');
    const badUser = withRawOption(pay(alice, bob, 5), 'user', '12');
    expect((await h.run(badUser)).content).toBe('`user` must be a member of this server, not “12”.');
    const longNote = withRawOption(pay(alice, bob, 5, 'x'), 'note', 'y'.repeat(201));
    expect((await h.run(longNote)).content).toBe(
      '`note` must be text of 1 to 200 characters; yours has 201.',
    );
    expect(await h.writes()).toEqual(before);
  });
});
