import type { Logger } from '@droas/runtime';
import type { AckStore } from './ackStore.js';
import type { AckTimings } from './ackTimings.js';

/**
 * A worker process's heartbeat: while it beats, the claims it holds are its own; once it stops (killed,
 * hung), the guard may take them over after asking Discord, so a worker that died between taking a claim and
 * sending its callback does not leave the interaction unacknowledged. The lease alone cannot tell that
 * case from a callback still in flight; the heartbeat can, because a living worker keeps beating while it
 * waits for Discord.
 */
export class AckHeartbeat {
  readonly #timer: NodeJS.Timeout;
  #failures = 0;

  constructor(
    private readonly deps: { store: AckStore; holder: string; timings: AckTimings; logger: Logger },
  ) {
    this.#timer = setInterval(() => void this.beat(), deps.timings.heartbeatMs).unref();
  }

  /** One beat now; the interval keeps beating after. */
  async beat(): Promise<void> {
    try {
      await this.deps.store.heartbeat(this.deps.holder, this.deps.timings.heartbeatTtlMs);
      this.#failures = 0;
    } catch (error) {
      // While Redis is away no claim can be taken either; say so once, not every 200 ms.
      if (this.#failures++ === 0) this.deps.logger.warn({ err: error }, 'acknowledgement heartbeat failed');
    }
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}
