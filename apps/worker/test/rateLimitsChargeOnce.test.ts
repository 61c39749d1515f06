import { SimClient, type InteractionTimeline, type OptionsInput } from '@droas/discord-sim';
import { startWorkerStack, type WorkerStack } from './support/workerStack';
import { payOptions } from './support/economyOptions';

const CALLBACK = 'POST /interactions/:interactionId/:token/callback';
const TOO_FAST = /too fast/;

// Rate limits charge a member's request once, when they made it. Two stories from trying the bot by hand:
// a payment that moved money was answered "You are sending commands too fast" (the retry of its job was
// charged again), and a backlog held up by an outage was answered "too fast" (charged when the jobs ran, all at
// once). Written against the simulator and SQL only, so the same file shows the old worker failing.
describe('rate limits charge a member’s request once', () => {
  let stack: WorkerStack;
  let control: SimClient;
  let guildId: string;
  let members: string[];
  let next = 0;

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 1,
      sim: { population: { count: 1, membersPerGuild: 30 } },
      // A burst of 3 refilled at 1 a second: a member who sends a 4th command within a second is over.
      workerEnv: { USER_COMMAND_BURST: '3', USER_COMMANDS_PER_SECOND: '1' },
    });
    control = new SimClient(stack.sim.controlUrl);
    const [guild] = stack.sim.state.population.guilds();
    guildId = guild!.id;
    members = stack.sim.state.population.memberIds(guild!, 0, 30);
  }, 90_000);
  afterAll(() => stack?.close(), 60_000);
  afterEach(() => control.clearFaults());

  /** A member nobody has used yet, so each test starts with a full bucket. */
  const freshMember = () => members[next++]!;

  function send(userId: string, command: string, options?: OptionsInput): string {
    return stack.sim.state.dispatchInteraction({ guildId, userId, command, ...(options && { options }) }).id;
  }

  async function answer(id: string): Promise<InteractionTimeline> {
    const [t] = await stack.waitAnswered([id], 30_000);
    return t!;
  }

  async function balanceOf(userId: string): Promise<bigint> {
    const [row] = await stack.db.sql<{ balance: bigint }[]>`
      select balance from accounts where guild_id = ${guildId} and user_id = ${userId}`;
    return row?.balance ?? 0n;
  }

  it.each([
    ['one 500 on the callback', { kind: 'serverError', route: CALLBACK, count: 1, status: 500 }],
    [
      'a 429 on the callback whose Retry-After outlasts the deadline',
      { kind: 'rateLimit', route: CALLBACK, count: 1, retryAfterMs: 5_000 },
    ],
  ] as const)('answers a payment that went through as paid, after %s', async (_name, fault) => {
    const payer = freshMember();
    const payee = freshMember();
    // Two of the payer's three tokens: money to pay with, and a look at it.
    expect((await answer(send(payer, 'daily'))).content).toMatch(/claimed your daily/);
    expect((await answer(send(payer, 'balance'))).content).toMatch(/You have/);
    await control.addFault(fault);
    const t = await answer(send(payer, 'pay', payOptions(payee, 60)));
    expect(await balanceOf(payee)).toBe(60n);
    expect(t.content).not.toMatch(TOO_FAST);
    expect(t.content).toMatch(/paid/);
    expect(t.violations).toEqual([]);
  });

  it('does not refuse a backlog that waited out an outage: each command is charged when it was sent', async () => {
    const member = freshMember();
    // The worker stops; the member sends a command a second for 5 s, within the limit (a burst of 3, then 1/s).
    const [worker] = stack.workers;
    worker!.process.child.kill('SIGSTOP');
    const ids: string[] = [];
    try {
      for (let i = 0; i < 5; i++) {
        ids.push(send(member, 'balance'));
        await new Promise((r) => setTimeout(r, 1_000));
      }
    } finally {
      worker!.process.child.kill('SIGCONT');
    }
    const answers = await stack.waitAnswered(ids, 30_000);
    expect(answers.map((t) => TOO_FAST.test(t.content ?? ''))).toEqual([false, false, false, false, false]);
  });

  it('still refuses a member who really is too fast, and says nothing was done', async () => {
    const member = freshMember();
    const ids = Array.from({ length: 5 }, () => send(member, 'balance'));
    const answers = await stack.waitAnswered(ids, 30_000);
    const refused = answers.filter((t) => TOO_FAST.test(t.content ?? ''));
    expect(refused).toHaveLength(2);
    for (const t of refused) {
      expect(t.acknowledgement?.ephemeral).toBe(true);
      expect(t.content).toMatch(/Try again in \d+ s/);
    }
  });
});
