/**
 * What the benchmark started, closed in reverse order of creation, each step with a deadline so that one
 * that hangs (a Redis client whose server is gone) does not keep the rest running. Idempotent.
 */
export class CleanupStack {
  readonly #steps: { name: string; close: () => Promise<void> }[] = [];
  readonly #stepDeadlineMs: number;
  #closing: Promise<void> | undefined;

  constructor(stepDeadlineMs = 30_000) {
    this.#stepDeadlineMs = stepDeadlineMs;
  }

  push(name: string, close: () => Promise<void>): void {
    this.#steps.push({ name, close });
  }

  closeAll(): Promise<void> {
    return (this.#closing ??= (async () => {
      for (const { name, close } of this.#steps.reverse()) {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`still closing after ${this.#stepDeadlineMs} ms`)),
            this.#stepDeadlineMs,
          );
        });
        try {
          await Promise.race([close(), deadline]);
        } catch (error) {
          process.stderr.write(
            `closing ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
          );
        } finally {
          clearTimeout(timer);
        }
      }
    })());
  }
}
