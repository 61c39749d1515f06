import type { Logger } from 'pino';

export interface ShutdownOptions {
  logger: Logger;
  /** Everything must be closed within this, below the orchestrator's grace period. @defaultValue 25000 */
  deadlineMs?: number;
  /** How the process ends; replaced in tests. @defaultValue process.exit */
  exit?: (code: number) => void;
  /** Signals that start the shutdown. @defaultValue ['SIGTERM', 'SIGINT'] */
  signals?: readonly NodeJS.Signals[];
}

type Step = { name: string; stop: () => Promise<void> | void };

/**
 * Ordered shutdown. Register each long-lived thing right after creating it; on a signal they are stopped in
 * reverse order of registration (so intake, registered last, stops first, and the clients it used close
 * after it), each step bounded by what is left of one overall deadline. A second signal forces exit.
 */
export class Shutdown {
  readonly #steps: Step[] = [];
  readonly #logger: Logger;
  readonly #deadlineMs: number;
  readonly #exit: (code: number) => void;
  readonly #signals: readonly NodeJS.Signals[];
  #running: Promise<void> | undefined;
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#running) {
      this.#logger.warn({ signal }, 'second signal: forcing exit');
      this.#exit(1);
      return;
    }
    void this.run(`signal ${signal}`);
  };

  constructor(options: ShutdownOptions) {
    this.#logger = options.logger;
    this.#deadlineMs = options.deadlineMs ?? 25_000;
    this.#exit = options.exit ?? ((code) => process.exit(code));
    this.#signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  }

  /** Installs the signal handlers. */
  listen(): this {
    for (const signal of this.#signals) process.on(signal, this.#onSignal);
    return this;
  }

  /** Adds a step; steps run in reverse order of registration. */
  register(name: string, stop: () => Promise<void> | void): this {
    this.#steps.push({ name, stop });
    return this;
  }

  get isShuttingDown(): boolean {
    return this.#running !== undefined;
  }

  /** Runs every step once (later calls return the same promise), then exits 0, or 1 if a step failed. */
  run(reason: string): Promise<void> {
    this.#running ??= this.#runSteps(reason);
    return this.#running;
  }

  async #runSteps(reason: string): Promise<void> {
    const started = Date.now();
    const deadline = started + this.#deadlineMs;
    this.#logger.info({ reason, steps: this.#steps.length, deadlineMs: this.#deadlineMs }, 'shutting down');
    let failed = false;
    for (const step of [...this.#steps].reverse()) {
      const leftMs = deadline - Date.now();
      if (leftMs <= 0) {
        this.#logger.error({ step: step.name }, 'shutdown deadline passed; skipping the remaining steps');
        failed = true;
        break;
      }
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(step.stop),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`did not finish within ${leftMs} ms`)), leftMs);
            timer.unref();
          }),
        ]);
        this.#logger.debug({ step: step.name }, 'stopped');
      } catch (error) {
        failed = true;
        this.#logger.error({ step: step.name, err: error }, 'shutdown step failed');
      } finally {
        clearTimeout(timer);
      }
    }
    for (const signal of this.#signals) process.off(signal, this.#onSignal);
    this.#logger.info({ tookMs: Date.now() - started, clean: !failed }, 'shutdown complete');
    this.#exit(failed ? 1 : 0);
  }
}
