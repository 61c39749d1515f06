import { SimClient } from '@droas/discord-sim';
import { eventually } from '@droas/testkit';
import { payOptions } from './support/economyOptions';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const CALLBACK = 'POST /interactions/:interactionId/:token/callback';

// Money moved, nobody could tell the payer in time: Discord refused every acknowledgement within the 3 s.
// The payment stands, so the payer must still learn of it, on their next command.
describe('an answer that never reached its member', () => {
  let stack: WorkerStack;
  let control: SimClient;
  let guildId: string;
  let payer: string;
  let payee: string;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1, sim: { population: { count: 1, membersPerGuild: 5 } } });
    control = new SimClient(stack.sim.controlUrl);
    const [guild] = stack.sim.state.population.guilds();
    guildId = guild!.id;
    [payer, payee] = stack.sim.state.population.memberIds(guild!, 0, 2) as [string, string];
  }, 90_000);
  afterAll(() => stack?.close(), 60_000);

  it('is kept, and told privately on the member’s next command, once', async () => {
    const ask = (command: string, options?: ReturnType<typeof payOptions>): string => {
      const { id } = stack.sim.state.dispatchInteraction({
        guildId,
        userId: payer,
        command,
        ...(options && { options }),
      });
      return id;
    };
    await stack.waitAnswered([ask('daily')]);
    // The worker's callback and then the guard's deferral are both refused with a Retry-After past the deadline.
    await control.addFault({ kind: 'rateLimit', route: CALLBACK, count: 2, retryAfterMs: 5_000 });
    const paid = ask('pay', payOptions(payee, 25));
    const [row] = await eventually(async () => {
      const rows = await stack.db.sql<{ text: string }[]>`
        select text from undelivered_notices where interaction_id = ${paid}`;
      return rows.length > 0 ? rows : undefined;
    }, 30_000);
    expect(stack.timeline(paid)!.acknowledgement).toBeNull();
    expect(row!.text).toMatch(/^Your payment of \*\*🪙 25 coins\*\* to <@\d+> went through at <t:\d+:f>\.$/);

    const [next] = await stack.waitAnswered([ask('balance')]);
    expect(next!.acknowledgement?.ephemeral).toBe(true);
    expect(next!.content).toMatch(
      /^💰 You have[\s\S]*📬 Earlier, an answer did not reach you:\n• Your payment of/,
    );
    const [after] = await stack.waitAnswered([ask('balance')]);
    expect(after!.content).not.toMatch(/Earlier/);
  });
});
