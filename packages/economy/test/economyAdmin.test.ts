import { ADMIN_PERMISSIONS, MEMBER_PERMISSIONS, opt, withRawOption } from './support/jobs';
import { startHarness, type Harness } from './support/economyHarness';

describe('/economy (real Postgres and Redis)', () => {
  let h: Harness;
  let member: string;
  const admin = (
    sub: string,
    options: ReturnType<typeof opt.int>[],
    permissions = ADMIN_PERMISSIONS,
    user?: string,
  ) =>
    h.jobs.job({ user: user ?? h.admin, command: 'economy', permissions, options: [opt.sub(sub, options)] });
  const money = (sub: string, amount: number, reason = 'event prize', target = member) =>
    admin(sub, [opt.user('user', target), opt.int('amount', amount), opt.text('reason', reason)]);

  beforeAll(async () => {
    h = await startHarness();
    member = h.jobs.member(1);
  });
  afterAll(() => h.close());

  it('declares Manage Server as the default permission, guild-only', () => {
    expect(h.handler('economy').definition).toMatchObject({
      default_member_permissions: '32',
      contexts: [0],
    });
    expect(h.handler('economy').defersEphemeral).toBe(true);
  });

  it.each([
    ['grant', () => money('grant', 10)],
    ['take', () => money('take', 10)],
    ['set', () => money('set', 10)],
    ['settings', () => admin('settings', [opt.int('daily_amount', 5)])],
  ])('refuses %s without Manage Server, writing nothing', async (_sub, build) => {
    const before = await h.writes();
    const job = { ...build(), memberPermissions: MEMBER_PERMISSIONS };
    expect(await h.handler('economy').handle(job)).toEqual({
      content: 'You need the **Manage Server** permission to use `/economy`.',
      ephemeral: true,
      allowedMentions: { parse: [] },
    });
    expect(await h.writes()).toEqual(before);
  });

  it('grants, takes and sets, each one ledger entry with the admin as actor and the reason', async () => {
    expect((await h.run(money('grant', 500))).content).toBe(
      `✅ Granted **🪙 500 coins** to <@${member}>. Their balance: 🪙 500 coins (was 🪙 0 coins).\nReason: “event prize”. Recorded in the ledger with you as the actor.`,
    );
    expect((await h.run(money('take', 120, 'fine'))).content).toMatch(
      /^✅ Took \*\*🪙 120 coins\*\*.*🪙 380 coins \(was 🪙 500 coins\)/,
    );
    expect((await h.run(money('set', 1_000, 'reset'))).content).toMatch(
      /🪙 1,000 coins \(was 🪙 380 coins\)/,
    );
    const entries = await h.db.sql<
      { kind: string; delta: bigint; actor_id: bigint | null; reason: string | null }[]
    >`
      select kind, delta, actor_id, reason from ledger_entries where user_id = ${member} order by id`;
    expect(entries.map((e) => [e.kind, e.delta, e.actor_id?.toString() ?? null, e.reason])).toEqual([
      ['opening', 0n, null, null],
      ['grant', 500n, h.admin, 'event prize'],
      ['take', -120n, h.admin, 'fine'],
      ['set', 620n, h.admin, 'reset'],
    ]);
    const ops = await h.db.sql<{ kind: string; actor_id: bigint }[]>`
      select kind, actor_id from operations where kind in ('grant', 'take', 'set') order by created_at`;
    expect(ops.map((o) => [o.kind, o.actor_id.toString()])).toEqual([
      ['grant', h.admin],
      ['take', h.admin],
      ['set', h.admin],
    ]);
    await h.expectLedgerClean();
  });

  it('refuses a take of more than the member holds instead of clamping, and a grant past the maximum', async () => {
    const before = await h.writes();
    const take = await h.run(money('take', 5_000));
    expect(take).toMatchObject({ ephemeral: true });
    expect(take.content).toContain('only has 🪙 1,000 coins');
    await h.configure([['max_balance', 1_500]]);
    const grant = await h.run(money('grant', 600));
    expect(grant.content).toContain('You can grant at most 🪙 500 coins.');
    const set = await h.run(money('set', 2_000));
    expect(set.content).toBe(
      "`amount` can be at most 🪙 1,500 coins, this server's maximum balance; you gave 🪙 2,000 coins. Nothing changed.",
    );
    expect((await h.writes()).ledger).toBe(before.ledger);
  });

  it('is backed by the database: no statement can raise a balance past the guild maximum', async () => {
    await expect(
      h.db.sql`update accounts set balance = 1501 where user_id = ${member}`,
    ).rejects.toMatchObject({
      code: '23514',
      constraint_name: 'accounts_balance_within_max',
    });
  });

  it('refuses edge amounts and missing reasons by name, and targeting this bot', async () => {
    const before = await h.writes();
    expect((await h.run(withRawOption(money('grant', 1), 'amount', 2 ** 53 + 1))).content).toMatch(
      /^`amount` is too large to handle exactly/,
    );
    expect((await h.run(withRawOption(money('set', 1), 'amount', -1))).content).toBe(
      '`amount` must be a whole number of 0 or more, not -1.',
    );
    const noReason = admin('grant', [opt.user('user', member), opt.int('amount', 5)]);
    expect((await h.run(noReason)).content).toBe('`reason` is missing: give text of 1 to 200 characters.');
    expect((await h.run(money('grant', 5, 'x', h.jobs.applicationId))).content).toBe(
      "I'm the bot running this economy and can't hold money.",
    );
    expect(await h.writes()).toEqual(before);
  });

  it('shows the settings without options', async () => {
    const reply = await h.run(admin('settings', []));
    expect(reply.ephemeral).toBe(true);
    expect(reply.content.split('\n')).toEqual([
      '⚙️ **Economy settings**',
      '• Currency name: coins',
      '• Currency symbol: 🪙',
      '• Starting balance: 🪙 0 coins',
      '• Daily reward: 🪙 100 coins',
      '• Daily cooldown: 1 d',
      '• Streak bonus: off',
      '• Streak bonus stops growing after: 7 days',
      '• Maximum balance: 🪙 1,500 coins',
      'Change them with `/economy settings` and the options you want to set.',
    ]);
  });

  it('changes settings as an audited operation, says who is above a lowered maximum, and replays the same', async () => {
    const job = admin('settings', [opt.int('max_balance', 800), opt.int('daily_cooldown_minutes', 720)]);
    const reply = await h.run(job);
    expect(reply.content.split('\n')).toEqual([
      '⚙️ **Economy settings updated**',
      '• Daily cooldown: 1 d → **12 h**',
      '• Maximum balance: 🪙 1,500 coins → **🪙 800 coins**',
      "1 member(s) hold more than the new maximum: they keep it, but can't receive more until they are below it.",
    ]);
    expect(await h.run(job)).toEqual(reply);
    const [op] = await h.db.sql<{ actor_id: bigint; outcome: { status: string } }[]>`
      select actor_id, outcome from operations where idempotency_key = ${`ix-${job.id}`}`;
    expect(op).toMatchObject({ actor_id: BigInt(h.admin), outcome: { status: 'updated' } });
    // Above the new maximum, the member can still spend.
    const spend = await h.run(
      h.jobs.job({
        user: member,
        command: 'pay',
        options: [opt.user('user', h.jobs.member(2)), opt.int('amount', 100)],
      }),
    );
    expect(spend.ephemeral).toBe(false);
  });

  it('refuses a starting balance above the maximum with both values', async () => {
    const reply = await h.run(admin('settings', [opt.int('starting_balance', 900)]));
    expect(reply.content).toBe(
      "The starting balance (🪙 900 coins) can't be above the maximum balance (🪙 800 coins). Nothing changed.",
    );
  });
});
