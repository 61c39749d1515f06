import { type Database, verifyLedger } from '@droas/db';
import type { InteractionTimeline, OptionsInput } from '@droas/discord-sim';
import {
  adminAction,
  ADMINISTRATOR,
  MANAGE_GUILD,
  payOptions,
  settingsChange,
} from './support/economyOptions';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

// Every economy command and each of its refusals, dispatched by members through the simulator, gateway,
// queue and a worker process, and read back as the member sees it: the final content and whether only they
// can see it. One guild carries the story from first command to last; a second one stays empty.
describe('economy commands through simulator, gateway, queue and worker', () => {
  let stack: WorkerStack;
  let db: Database;
  let guildId: string;
  let emptyGuildId: string;
  let admin: string;
  let b: string;
  let c: string;
  let d: string;
  let outsider: string;
  let bot: string;
  const ids: string[] = [];

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1, sim: { population: { count: 2, membersPerGuild: 10 } } });
    db = stack.db;
    const [guild, empty] = stack.sim.state.population.guilds();
    guildId = guild!.id;
    emptyGuildId = empty!.id;
    // Member ids grow with their position, so ties on the leaderboard order b before c before d.
    [admin, b, c, d] = stack.sim.state.population.memberIds(guild!, 0, 4) as [string, string, string, string];
    outsider = stack.sim.state.population.memberIds(empty!, 0, 1)[0]!;
    bot = stack.sim.applicationId;
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  /** Dispatches one command as `userId` and waits for its final answer. */
  async function ask(
    userId: string,
    command: string,
    options?: OptionsInput,
    extra: { permissions?: string; guildId?: string } = {},
  ): Promise<InteractionTimeline> {
    const { id } = stack.sim.state.dispatchInteraction({
      guildId: extra.guildId ?? guildId,
      userId,
      command,
      ...(options && { options }),
      ...(extra.permissions !== undefined && { permissions: extra.permissions }),
    });
    ids.push(id);
    const [t] = await stack.waitAnswered([id]);
    return t!;
  }

  /** What a member sees: the text, and whether the answer is theirs alone. */
  const seen = (t: InteractionTimeline) => ({ content: t.content, ephemeral: t.acknowledgement?.ephemeral });
  const privately = (content: string | RegExp) => ({
    content: typeof content === 'string' ? content : (expect.stringMatching(content) as string),
    ephemeral: true,
  });

  /** Rows written for one interaction: its operation and its ledger entries by kind. */
  async function written(t: InteractionTimeline): Promise<{ operations: number; entries: string[] }> {
    const key = `ix-${t.id}`;
    const [op] = await db.sql<{ n: bigint }[]>`
      select count(*) as n from operations where idempotency_key = ${key}`;
    const entries = await db.sql<{ kind: string }[]>`
      select kind from ledger_entries where idempotency_key = ${key} order by id`;
    return { operations: Number(op!.n), entries: entries.map((e) => e.kind) };
  }
  const nothing = { operations: 0, entries: [] };

  it('/balance before any account: the starting balance, unranked, for oneself and another member', async () => {
    expect(seen(await ask(b, 'balance'))).toEqual(
      privately(
        '💰 You have **🪙 0 coins**, the starting balance. Not ranked yet: your account opens with your first payment or daily reward.',
      ),
    );
    expect(seen(await ask(b, 'balance', { user: c }))).toEqual(
      privately(
        `💰 <@${c}> has **🪙 0 coins**, the starting balance. Not ranked yet: their account opens with their first payment or daily reward.`,
      ),
    );
    expect(seen(await ask(b, 'balance', { user: bot }))).toEqual(
      privately("I'm the bot running this economy; I don't hold an account."),
    );
    expect(seen(await ask(b, 'history'))).toEqual(
      privately('📜 No history yet: your account opens with your first payment or daily reward.'),
    );
  });

  it('/daily pays once, then says how long until the next claim', async () => {
    const claim = await ask(b, 'daily');
    expect(seen(claim)).toEqual(
      privately(
        /^🎁 You claimed your daily \*\*🪙 100 coins\*\*\.\nBalance: \*\*🪙 100 coins\*\*\. Next claim <t:\d+:R>\.$/,
      ),
    );
    const next = /<t:(\d+):R>/.exec(claim.content!)![1]!;
    // A day from now, give or take the seconds this test has run.
    expect(Number(next) * 1000 - Date.now()).toBeGreaterThan(86_400_000 - 60_000);

    const again = await ask(b, 'daily');
    expect(seen(again)).toEqual(
      privately(
        new RegExp(
          `^⏳ You've already claimed your daily reward\\. Next claim <t:${next}:R> \\(in (1 d|23 h 59 min)\\)\\.$`,
        ),
      ),
    );
    expect(await written(claim)).toEqual({ operations: 1, entries: ['opening', 'daily'] });
    // The refusal is an outcome (a retry answers the same), but moves no money.
    expect(await written(again)).toEqual({ operations: 1, entries: [] });

    for (const member of [c, d]) expect((await ask(member, 'daily')).content).toMatch(/^🎁 You claimed/);
    expect(seen(await ask(b, 'balance'))).toEqual(
      privately('💰 You have **🪙 100 coins**: rank **#1** in this server.'),
    );
    expect(seen(await ask(c, 'balance', { user: d }))).toEqual(
      privately(`💰 <@${d}> has **🪙 100 coins**: rank **#3** in this server.`),
    );
  });

  it('/pay moves money in public, and refuses privately, with the reason, whatever it cannot do', async () => {
    const paid = await ask(b, 'pay', payOptions(c, 30, 'lunch'));
    expect(seen(paid)).toEqual({
      content: `💸 <@${b}> paid <@${c}> **🪙 30 coins**.\n📝 “lunch”`,
      ephemeral: false,
    });
    expect(await written(paid)).toEqual({ operations: 1, entries: ['transfer_out', 'transfer_in'] });

    const refusedBeforeWriting: [OptionsInput, string][] = [
      [payOptions(b, 5), "You can't pay yourself. Pick another member."],
      [payOptions(bot, 5), "I'm the bot running this economy and can't hold money. Pick a member."],
      [
        payOptions(outsider, 5),
        `<@${outsider}> isn't a member of this server, so they can't be paid here. Nothing was sent.`,
      ],
      [payOptions(c, 0), '`amount` must be a whole number of at least 1, not 0.'],
      [payOptions(c, -5), '`amount` must be a whole number of at least 1, not -5.'],
      [[{ name: 'user', type: 6, value: c }], '`amount` is missing: give a whole number of at least 1.'],
    ];
    for (const [options, reply] of refusedBeforeWriting) {
      const t = await ask(b, 'pay', options);
      expect(seen(t)).toEqual(privately(reply));
      expect(await written(t)).toEqual(nothing);
    }

    const short = await ask(c, 'pay', payOptions(b, 1000));
    expect(seen(short)).toEqual(
      privately("You can't pay **🪙 1,000 coins**: you have 🪙 130 coins. Nothing was sent."),
    );
    expect(await written(short)).toEqual({ operations: 1, entries: [] });
    expect((await ask(b, 'balance')).content).toBe(
      '💰 You have **🪙 70 coins**: rank **#3** in this server.',
    );
  });

  it('/economy is refused without Manage Server, for every subcommand, before anything is written', async () => {
    const subcommands: OptionsInput[] = [
      adminAction('grant', { user: b, amount: 5, reason: 'gift' }),
      adminAction('take', { user: b, amount: 5, reason: 'fine' }),
      adminAction('set', { user: b, amount: 5, reason: 'reset' }),
      settingsChange(),
      settingsChange({ max_balance: 10 }),
    ];
    for (const options of subcommands) {
      const t = await ask(c, 'economy', options);
      expect(seen(t)).toEqual(privately('You need the **Manage Server** permission to use `/economy`.'));
      expect(await written(t)).toEqual(nothing);
    }
  });

  it('/economy grant, take and set with Manage Server (or Administrator), each in the ledger with actor and reason', async () => {
    const asAdmin = { permissions: MANAGE_GUILD };
    const grant = await ask(
      admin,
      'economy',
      adminAction('grant', { user: d, amount: 50, reason: 'prize' }),
      asAdmin,
    );
    expect(seen(grant)).toEqual(
      privately(
        `✅ Granted **🪙 50 coins** to <@${d}>. Their balance: 🪙 150 coins (was 🪙 100 coins).\nReason: “prize”. Recorded in the ledger with you as the actor.`,
      ),
    );
    const take = await ask(admin, 'economy', adminAction('take', { user: b, amount: 20, reason: 'fine' }), {
      permissions: ADMINISTRATOR,
    });
    expect(seen(take)).toEqual(
      privately(
        `✅ Took **🪙 20 coins** from <@${b}>. Their balance: 🪙 50 coins (was 🪙 70 coins).\nReason: “fine”. Recorded in the ledger with you as the actor.`,
      ),
    );
    const set = await ask(
      admin,
      'economy',
      adminAction('set', { user: c, amount: 40, reason: 'reset' }),
      asAdmin,
    );
    expect(seen(set)).toEqual(
      privately(
        `✅ Set <@${c}>'s balance to **🪙 40 coins**. Their balance: 🪙 40 coins (was 🪙 130 coins).\nReason: “reset”. Recorded in the ledger with you as the actor.`,
      ),
    );
    const rows = await db.sql<
      { user_id: bigint; kind: string; delta: bigint; actor_id: bigint; reason: string }[]
    >`
      select user_id, kind, delta, actor_id, reason from ledger_entries
      where idempotency_key in ${db.sql([grant, take, set].map((t) => `ix-${t.id}`))} order by id`;
    expect(rows.map((r) => [String(r.user_id), r.kind, r.delta, String(r.actor_id), r.reason])).toEqual([
      [d, 'grant', 50n, admin, 'prize'],
      [b, 'take', -20n, admin, 'fine'],
      [c, 'set', -90n, admin, 'reset'],
    ]);

    const overdraw = await ask(
      admin,
      'economy',
      adminAction('take', { user: c, amount: 500, reason: 'x' }),
      asAdmin,
    );
    expect(seen(overdraw)).toEqual(
      privately(
        `<@${c}> only has 🪙 40 coins, so you can't take **🪙 500 coins**. To empty the account, use \`/economy set amount:0\`. Nothing changed.`,
      ),
    );
    expect(await written(overdraw)).toEqual({ operations: 1, entries: [] });
    const refusedBeforeWriting: [OptionsInput, string][] = [
      [
        adminAction('grant', { user: b, amount: 0, reason: 'x' }),
        '`amount` must be a whole number of at least 1, not 0.',
      ],
      [
        adminAction('set', { user: b, amount: -1, reason: 'x' }),
        '`amount` must be a whole number of 0 or more, not -1.',
      ],
      [
        adminAction('grant', { user: bot, amount: 5, reason: 'x' }),
        "I'm the bot running this economy and can't hold money.",
      ],
      [
        adminAction('grant', { user: b, amount: 5, reason: '   ' }),
        '`reason` must be text of 1 to 200 characters; yours has 0.',
      ],
    ];
    for (const [options, reply] of refusedBeforeWriting) {
      const t = await ask(admin, 'economy', options, asAdmin);
      expect(seen(t)).toEqual(privately(reply));
      expect(await written(t)).toEqual(nothing);
    }
  });

  it('/economy settings shows them, changes them, refuses an impossible change, and the maximum then holds', async () => {
    const asAdmin = { permissions: MANAGE_GUILD };
    expect(seen(await ask(admin, 'economy', settingsChange(), asAdmin))).toEqual(
      privately(
        [
          '⚙️ **Economy settings**',
          '• Currency name: coins',
          '• Currency symbol: 🪙',
          '• Starting balance: 🪙 0 coins',
          '• Daily reward: 🪙 100 coins',
          '• Daily cooldown: 1 d',
          '• Streak bonus: off',
          '• Streak bonus stops growing after: 7 days',
          '• Maximum balance: 🪙 1,000,000,000,000 coins',
          'Change them with `/economy settings` and the options you want to set.',
        ].join('\n'),
      ),
    );
    expect(seen(await ask(admin, 'economy', settingsChange({ max_balance: 150 }), asAdmin))).toEqual(
      privately(
        '⚙️ **Economy settings updated**\n• Maximum balance: 🪙 1,000,000,000,000 coins → **🪙 150 coins**',
      ),
    );
    expect(seen(await ask(admin, 'economy', settingsChange({ starting_balance: 1000 }), asAdmin))).toEqual(
      privately(
        "The starting balance (🪙 1,000 coins) can't be above the maximum balance (🪙 150 coins). Nothing changed.",
      ),
    );

    // d holds exactly the new maximum.
    const atMax = await ask(b, 'pay', payOptions(d, 10));
    expect(seen(atMax)).toEqual(
      privately(
        `<@${d}> can't receive **🪙 10 coins**: that would take them past this server's maximum balance of 🪙 150 coins. They are already at the maximum. Nothing was sent.`,
      ),
    );
    expect(await written(atMax)).toEqual({ operations: 1, entries: [] });
    const roomLeft = await ask(d, 'pay', payOptions(c, 120));
    expect(seen(roomLeft)).toEqual(
      privately(
        `<@${c}> can't receive **🪙 120 coins**: that would take them past this server's maximum balance of 🪙 150 coins. The most you can pay them is 🪙 110 coins. Nothing was sent.`,
      ),
    );
    expect(seen(await ask(b, 'pay', payOptions(c, 200)))).toEqual(
      privately(
        "`amount` can be at most 🪙 150 coins, this server's maximum balance; you gave 🪙 200 coins. Nothing was sent.",
      ),
    );
    expect(
      seen(await ask(admin, 'economy', adminAction('grant', { user: b, amount: 101, reason: 'x' }), asAdmin)),
    ).toEqual(
      privately(
        `<@${b}> has 🪙 50 coins; granting **🪙 101 coins** would pass this server's maximum balance of 🪙 150 coins. You can grant at most 🪙 100 coins. Nothing changed.`,
      ),
    );
  });

  it('/leaderboard shows the top balances in public; an empty page or guild is said privately', async () => {
    expect(seen(await ask(b, 'leaderboard'))).toEqual({
      content: [
        '🏆 **Leaderboard**',
        `🥇 <@${d}>: 🪙 150 coins`,
        `🥈 <@${b}>: 🪙 50 coins`,
        `🥉 <@${c}>: 🪙 40 coins`,
        '',
        'You: #2 with 🪙 50 coins.',
      ].join('\n'),
      ephemeral: false,
    });
    expect(seen(await ask(b, 'leaderboard', { page: 2 }))).toEqual(
      privately('🏆 Page 2 is empty: the leaderboard is shorter. Try `/leaderboard`.'),
    );
    expect(seen(await ask(b, 'leaderboard', { page: 0 }))).toEqual(
      privately('`page` must be a whole number from 1 to 1,000, not 0.'),
    );
    expect(seen(await ask(outsider, 'leaderboard', undefined, { guildId: emptyGuildId }))).toEqual(
      privately('🏆 Nobody in this server has an account yet. Claim `/daily` to be the first!'),
    );
  });

  it('/history lists what, when, with whom and the note, newest first, privately', async () => {
    const t = await ask(b, 'history');
    expect(seen(t)).toEqual(privately('📜 **Your history in this server**, newest first'));
    const [embed] = t.response!.embeds as { description: string; footer: { text: string } }[];
    const lines = embed!.description.split('\n');
    const when = String.raw`<t:\d+:f>`;
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      new RegExp(`^${when} \\*\\*−🪙 20 coins\\*\\* taken by <@${admin}> “fine” → 🪙 50 coins$`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^${when} \\*\\*−🪙 30 coins\\*\\* paid to <@${c}> “lunch” → 🪙 70 coins$`),
    );
    expect(lines[2]).toMatch(new RegExp(`^${when} \\*\\*\\+🪙 100 coins\\*\\* daily reward → 🪙 100 coins$`));
    expect(lines[3]).toMatch(new RegExp(`^${when} \\*\\*\\+🪙 0 coins\\*\\* account opened → 🪙 0 coins$`));
    expect(embed!.footer.text).toBe('Page 1');

    const c1 = await ask(c, 'history');
    expect((c1.response!.embeds[0] as { description: string }).description).toMatch(
      new RegExp(`\\*\\*\\+🪙 30 coins\\*\\* from <@${b}> “lunch” → 🪙 130 coins`),
    );
    expect(seen(await ask(b, 'history', { page: 2 }))).toEqual(
      privately('📜 Page 2 is empty: your history is shorter. Try `/history`.'),
    );
  });

  it('a new currency shows in the next answer', async () => {
    expect(
      seen(
        await ask(admin, 'economy', settingsChange({ currency_name: 'gems', currency_symbol: '💎' }), {
          permissions: MANAGE_GUILD,
        }),
      ),
    ).toEqual(
      privately(
        '⚙️ **Economy settings updated**\n• Currency name: coins → **gems**\n• Currency symbol: 🪙 → **💎**',
      ),
    );
    expect((await ask(b, 'balance')).content).toBe('💰 You have **💎 50 gems**: rank **#2** in this server.');
  });

  it('keeps a refusal private when the gateway had to defer /pay in public', async () => {
    // The bug: /pay defers publicly (a payment is news for the channel), so when the worker was late and the
    // gateway deferred, a refusal was edited into that public message and the channel read the payer's
    // balance. Now the deferral says the answer was sent privately and the refusal goes as an ephemeral
    // follow-up.
    const worker = stack.workers[0]!;
    worker.process.child.kill('SIGSTOP');
    let refused: string;
    let paid: string;
    try {
      refused = stack.sim.state.dispatchInteraction({
        guildId,
        userId: admin,
        command: 'pay',
        options: payOptions(c, 100),
      }).id;
      paid = stack.sim.state.dispatchInteraction({
        guildId,
        userId: b,
        command: 'pay',
        options: payOptions(c, 5),
      }).id;
      ids.push(refused, paid);
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      worker.process.child.kill('SIGCONT');
    }
    const [no, yes] = await stack.waitAnswered([refused, paid]);
    expect(no!.acknowledgement).toMatchObject({ type: 5, ephemeral: false });
    expect(no!.content).toBe('🔒 The answer was sent privately.');
    const followUp = stack.sim.state.ledger.get(refused)!.followUps;
    expect(followUp.map((f) => [f.message.content, f.message.flags & 64])).toEqual([
      ["You can't pay **💎 100 gems**: you have 💎 0 gems. Nothing was sent.", 64],
    ]);
    expect(yes!.acknowledgement).toMatchObject({ type: 5, ephemeral: false });
    expect(yes!.content).toBe(`💸 <@${b}> paid <@${c}> **💎 5 gems**.`);
    expect(yes!.followUps).toEqual([]);
  });

  it('answered each interaction once, within the rules, and left the ledger consistent', async () => {
    for (const id of ids) expect(stack.timeline(id)!.violations).toEqual([]);
    const stats = stack.sim.state.stats.toJSON();
    expect(stats.doubleAcknowledgements).toBe(0);
    expect(stats.lateAcknowledgements).toBe(0);
    expect(stats.acknowledged).toBe(ids.length);
    const failed = await Promise.all(stack.interactionsQueues.map((q) => q.getFailedCount()));
    expect(failed.reduce((a, b) => a + b, 0)).toBe(0);
    const report = await verifyLedger(db);
    expect(report.breaches).toEqual([]);
    // b 50 + c 40 + d 150: the grant and the three dailies created money, the take and the set removed it.
    expect(report.moneySupply).toBe(240n);
  });
});
