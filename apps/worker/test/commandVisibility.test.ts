import { interactionKeys, publishCommandVisibility } from '@droas/ack-protocol';
import type { CommandHandler } from '@droas/contracts';
import { RedisNamespace } from '@droas/runtime';
import { CommandRegistry, createPingCommand } from '@droas/worker';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

// Which commands answer privately has one source, the workers' registry: workers publish it when they start
// and the gateway's guard defers each command as privately as it will be answered. (It used to be a list in
// the gateway's environment kept equal to the handlers by hand.)
describe('deferral visibility follows the workers’ registry', () => {
  let stack: WorkerStack;

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 1,
      gatewayEnv: { COMMAND_VISIBILITY_REFRESH_MS: '200' },
    });
  }, 90_000);
  afterAll(() => stack?.close(), 60_000);

  /** Deferred by the guard (the worker is stopped): is the deferral private? */
  async function deferral(): Promise<boolean | undefined> {
    const [worker] = stack.workers;
    worker!.process.child.kill('SIGSTOP');
    try {
      const id = stack.dispatch('ping');
      for (let i = 0; i < 50 && !stack.timeline(id)?.acknowledgement; i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      return stack.timeline(id)?.acknowledgement?.ephemeral;
    } finally {
      worker!.process.child.kill('SIGCONT');
    }
  }

  it('defers as the registry published by the workers says, and follows a change of handler', async () => {
    // The real worker published its registry at start: /ping answers privately.
    expect(await deferral()).toBe(true);

    // A new version of the handler answers publicly; its worker publishes it the same way.
    const keys = interactionKeys(new RedisNamespace(stack.ns.prefix));
    const publicPing: CommandHandler = { ...createPingCommand(), defersEphemeral: false };
    await publishCommandVisibility(stack.redis, keys, new CommandRegistry([publicPing]).visibility());
    await new Promise((r) => setTimeout(r, 600));
    expect(await deferral()).toBe(false);

    await publishCommandVisibility(
      stack.redis,
      keys,
      new CommandRegistry([createPingCommand()]).visibility(),
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(await deferral()).toBe(true);
  });
});
