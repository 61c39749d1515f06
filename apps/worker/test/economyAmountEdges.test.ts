import { interactionJobId, QUEUE_NAMES, type InteractionJob } from '@droas/contracts';
import { type Database } from '@droas/db';
import type { InteractionTimeline } from '@droas/discord-sim';
import { PAY_DEFINITION } from '@droas/economy';
import { eventually, metricSum } from '@droas/testkit';
import { adminAction, MANAGE_GUILD, payOptions } from './support/economyOptions';
import { createUndeliveredInteraction } from './support/interceptInteractions';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const TWO_53_PLUS_1 = '9007199254740993';
const TWO_63 = '9223372036854775808';
// What a job's amount is written as before its stored JSON is rewritten with an exact literal.
const PLACEHOLDER = 424_242_424;

// /pay amounts at the edges, from each side a bad amount can come from: a member through Discord and the
// gateway, and a job put straight on the queue (the worker's trust boundary). Each is refused, where an
// answer can be trusted with a message naming the option and what it takes, and nothing is written.
describe('/pay amounts at the edges: 0, negative, 2^53 + 1, 2^63, not a number', () => {
  let stack: WorkerStack;
  let db: Database;
  let guildId: string;
  let payer: string;
  let payee: string;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1, sim: { population: { count: 1, membersPerGuild: 5 } } });
    db = stack.db;
    const guild = stack.sim.state.population.guilds()[0]!;
    guildId = guild.id;
    [payer, payee] = stack.sim.state.population.memberIds(guild, 0, 2) as [string, string];
    // The payer can afford any sane amount, so only the amount can be the reason for a refusal.
    const admin = stack.sim.state.population.memberIds(guild, 4, 1)[0]!;
    const grant = stack.sim.state.dispatchInteraction({
      guildId,
      userId: admin,
      command: 'economy',
      options: adminAction('grant', { user: payer, amount: 1_000_000, reason: 'float' }),
      permissions: MANAGE_GUILD,
    });
    const [t] = await stack.waitAnswered([grant.id]);
    expect(t!.content).toMatch(/^✅ Granted \*\*🪙 1,000,000 coins\*\*/);
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  function pay(amount: number) {
    return stack.sim.state.dispatchInteraction({
      guildId,
      userId: payer,
      command: 'pay',
      options: payOptions(payee, amount),
    });
  }

  /** Everything the database holds: a refused amount must not change any of it. */
  async function rows(): Promise<{ operations: number; ledger: number; accounts: number }> {
    const [r] = await db.sql<{ operations: bigint; ledger: bigint; accounts: bigint }[]>`
      select (select count(*) from operations) as operations, (select count(*) from ledger_entries) as ledger,
        (select count(*) from accounts) as accounts`;
    return { operations: Number(r!.operations), ledger: Number(r!.ledger), accounts: Number(r!.accounts) };
  }

  const refusal = (got: string) => `\`amount\` must be a whole number of at least 1, not ${got}.`;
  const seen = (t: InteractionTimeline) => ({ content: t.content, ephemeral: t.acknowledgement?.ephemeral });

  it('declares the range to Discord, which refuses anything outside it before it reaches us', () => {
    const amount = PAY_DEFINITION.options?.find((o) => o.name === 'amount');
    expect(amount).toMatchObject({
      type: 4,
      required: true,
      min_value: 1,
      max_value: Number.MAX_SAFE_INTEGER,
    });
  });

  it('from a member through the gateway: 0 and negative answered privately; past 2^53 refused at the gateway', async () => {
    const before = await rows();
    const malformedBefore = await gatewayMalformed();
    const small = [pay(0), pay(-5)];
    const timelines = await stack.waitAnswered(small.map((d) => d.id));
    expect(timelines.map(seen)).toEqual([
      { content: refusal('0'), ephemeral: true },
      { content: refusal('-5'), ephemeral: true },
    ]);

    // 2^53 + 1 cannot travel as a JSON number without becoming 2^53 (it is sent as 9007199254740992, which is
    // what any JSON parser, Discord's clients included, reads it as); 2^63 travels exactly. Both are unsafe
    // integers, so the gateway refuses the dispatch by field and enqueues nothing: the worker never sees it.
    const huge = [pay(Number(TWO_53_PLUS_1)), pay(Number(TWO_63))];
    await eventually(async () => ((await gatewayMalformed()) - malformedBefore >= 2 ? true : undefined));
    const skipped = stack.gateway.process
      .logs()
      .filter((l) => l.msg === 'malformed dispatch skipped' && huge.some((d) => d.id === l.id));
    expect(skipped).toHaveLength(2);
    for (const line of skipped) {
      expect(line.problems).toEqual([{ path: 'data.options[1].value', message: 'expected a safe integer' }]);
    }
    for (const d of huge)
      expect(await stack.interactionsQueue.getJob(interactionJobId(d.id))).toBeUndefined();
    expect(await rows()).toEqual(before);
  });

  it('straight on the queue: refused by the contract, or answered naming the option, and nothing written', async () => {
    const before = await rows();
    const cases: { amount: Record<string, unknown>; exact?: string; reply?: string; invalid?: RegExp }[] = [
      { amount: { type: 4, value: 0 }, reply: refusal('0') },
      { amount: { type: 4, value: -1 }, reply: refusal('-1') },
      { amount: { type: 10, value: 1.5 }, reply: refusal('1.5') },
      { amount: { type: 3, value: 'ten' }, reply: refusal('“ten”') },
      { amount: { type: 3, value: TWO_53_PLUS_1 }, reply: refusal(`“${TWO_53_PLUS_1}”`) },
      // Exact literals in the stored job: whoever parses them gets a rounded number, and must not act on it.
      { amount: { type: 4, value: PLACEHOLDER }, exact: TWO_53_PLUS_1, invalid: /expected a safe integer/ },
      { amount: { type: 4, value: PLACEHOLDER }, exact: TWO_63, invalid: /expected a safe integer/ },
      { amount: { type: 4, value: 'ten' }, invalid: /expected a safe integer/ },
      { amount: { type: 4, value: null }, invalid: /command\.options\[1\]\.value/ },
    ];
    const sent = [];
    for (const c of cases) {
      const { id, job } = createUndeliveredInteraction(stack.sim, {
        guildId,
        userId: payer,
        command: 'pay',
        options: payOptions(payee, 1),
      });
      const raw = {
        ...job,
        command: { ...job.command, options: [job.command.options[0], { name: 'amount', ...c.amount }] },
      } as unknown as InteractionJob;
      sent.push({ ...c, id, jobId: interactionJobId(id) });
      if (c.exact === undefined) {
        await stack.interactionsQueue.add(QUEUE_NAMES.interactions, raw, {
          jobId: interactionJobId(id),
          attempts: 5,
        });
        continue;
      }
      // BullMQ writes job data with JSON.stringify, which cannot write 2^53 + 1; the stored text is rewritten
      // before the job becomes due, so the worker reads exactly the literal someone put there.
      const added = await stack.interactionsQueue.add(QUEUE_NAMES.interactions, raw, {
        jobId: interactionJobId(id),
        attempts: 5,
        delay: 500,
      });
      const key = `${stack.interactionsQueue.opts.prefix}:${QUEUE_NAMES.interactions}:${added.id!}`;
      const text = await stack.redis.hget(key, 'data');
      await stack.redis.hset(key, 'data', text!.replace(`"value":${PLACEHOLDER}`, `"value":${c.exact}`));
      expect(await stack.redis.hget(key, 'data')).toContain(`"value":${c.exact}}`);
    }

    for (const c of sent) {
      if (c.reply !== undefined) {
        const [t] = await stack.waitAnswered([c.id]);
        expect(seen(t!)).toEqual({ content: c.reply, ephemeral: true });
        continue;
      }
      const job = await eventually(async () =>
        (await stack.interactionsQueue.getJobState(c.jobId)) === 'failed'
          ? stack.interactionsQueue.getJob(c.jobId)
          : undefined,
      );
      // Not retried although 5 attempts were allowed, and the reason names the field.
      expect(job.attemptsStarted).toBe(1);
      expect(job.failedReason).toMatch(/^invalid interaction job: command\.options\[1\]\.value: /);
      expect(job.failedReason).toMatch(c.invalid!);
      // A job that breaks the contract cannot be trusted with a token: no answer is sent.
      expect(stack.timeline(c.id)!.acknowledgement).toBeNull();
    }
    expect(await rows()).toEqual(before);
  });

  async function gatewayMalformed(): Promise<number> {
    let n = 0;
    for (const url of stack.gateway.clusterOpsUrls()) {
      const text = await (await fetch(`${url}/metrics`)).text();
      n += metricSum(text, 'droas_gateway_malformed_events_total', { type: 'INTERACTION_CREATE' });
    }
    return n;
  }
});
