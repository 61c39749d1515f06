import type { CircuitBreaker } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import type { WorkerMetrics } from './workerMetrics.js';

/** The part of a BullMQ Worker that intake control drives. */
export interface PausableWorker {
  pause(doNotWaitActive?: boolean): Promise<void>;
  resume(): void;
  readonly name: string;
}

/**
 * Backpressure: while any dependency's breaker is open, the workers take no new jobs, so the queue holds
 * them instead of every job failing and burning its retries. When a breaker half-opens, intake resumes; the
 * first job through is the breaker's trial call. If it fails, the breaker opens again and intake pauses
 * again; jobs already taken meanwhile are moved back to delayed without spending an attempt.
 */
export class IntakeControl {
  readonly #open = new Set<string>();
  #paused = false;

  constructor(
    private readonly deps: {
      workers: PausableWorker[];
      breakers: CircuitBreaker[];
      metrics: WorkerMetrics;
      logger: Logger;
    },
  ) {
    for (const breaker of deps.breakers) {
      breaker.onStateChange(({ to }) => {
        if (to === 'open') this.#open.add(breaker.name);
        else this.#open.delete(breaker.name);
        void this.#apply();
      });
    }
  }

  get paused(): boolean {
    return this.#paused;
  }

  async #apply(): Promise<void> {
    const shouldPause = this.#open.size > 0;
    if (shouldPause === this.#paused) return;
    this.#paused = shouldPause;
    this.deps.metrics.paused.set(shouldPause ? 1 : 0);
    if (shouldPause) {
      this.deps.logger.warn(
        { open: [...this.#open] },
        'dependency down: pausing intake, jobs wait in the queue',
      );
      // Do not wait for active jobs: they finish or are moved back to delayed on their own.
      await Promise.all(this.deps.workers.map((w) => w.pause(true)));
    } else {
      this.deps.logger.info('dependencies recovering: resuming intake');
      for (const w of this.deps.workers) w.resume();
    }
  }
}
