import { closeOpenStacks } from './stack.js';

/**
 * On Ctrl-C or a CI job's SIGTERM, stops the stacks this process started (Redis, Postgres, the simulator,
 * the gateway and the workers) before exiting, instead of leaving them running: 130 for SIGINT, 143 for
 * SIGTERM, as a shell reports them.
 */
export function closeStacksOnSignal(write: (line: string) => void): void {
  const signals = [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const;
  for (const [signal, code] of signals) {
    process.once(signal, () => {
      write(`${signal}: stopping the stack…\n`);
      void closeOpenStacks().finally(() => process.exit(code));
    });
  }
}
