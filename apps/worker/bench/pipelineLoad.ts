import { interactionJobId, QUEUE_NAMES, type TraceCarrier } from '@droas/contracts';
import type { OptionsInput, Simulator } from '@droas/discord-sim';
import type { Queue } from 'bullmq';
import { createUndeliveredInteraction } from '../test/support/interceptInteractions.js';
import { pickPair } from './pickPair.js';

// An answer that has not reached Discord by then never will: its 3-second acknowledgement window is long shut.
const GIVE_UP_MS = 10_000;
const POLL_MS = 5;

interface Waiting {
  enqueuedAtMs: number;
  resolve: (latencyMs: number) => void;
  reject: (error: Error) => void;
}

/**
 * Load through the real worker: each operation has the simulator create an interaction (so Discord knows
 * its token), puts the job the gateway would have enqueued straight onto the interactions queue, and
 * resolves with the time from enqueueing to the simulator accepting the answer.
 */
export class PipelineLoad {
  readonly #waiting = new Map<string, Waiting>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly sim: Simulator,
    private readonly queue: Queue,
    private readonly guildId: string,
    private readonly members: readonly string[],
    private readonly random: () => number,
    /** The trace context each job carries, as a tracing gateway would put it there; none by default. */
    private readonly carrier: () => TraceCarrier | undefined = () => undefined,
  ) {
    this.#timer = setInterval(() => this.#collect(), POLL_MS);
  }

  readonly balance = (): Promise<number> => {
    const [user] = pickPair(this.members, this.random);
    return this.#send(user, 'balance');
  };

  readonly pay = (): Promise<number> => {
    const [payer, payee] = pickPair(this.members, this.random);
    return this.#send(payer, 'pay', [
      { name: 'user', type: 6, value: payee },
      { name: 'amount', type: 4, value: 1 },
    ]);
  };

  close(): void {
    clearInterval(this.#timer);
    for (const w of this.#waiting.values()) w.reject(new Error('closed'));
    this.#waiting.clear();
  }

  async #send(userId: string, command: string, options?: OptionsInput): Promise<number> {
    const { id, job } = createUndeliveredInteraction(this.sim, {
      guildId: this.guildId,
      userId,
      command,
      ...(options && { options }),
    });
    const answered = new Promise<number>((resolve, reject) =>
      this.#waiting.set(id, { enqueuedAtMs: Date.now(), resolve, reject }),
    );
    // The options the gateway gives every interaction job.
    const trace = this.carrier();
    await this.queue.add(QUEUE_NAMES.interactions, trace === undefined ? job : { ...job, trace }, {
      jobId: interactionJobId(id),
      attempts: 8,
      backoff: { type: 'exponential', delay: 250, jitter: 0.5 },
      removeOnComplete: { count: 1_000 },
      removeOnFail: { age: 3_600 },
    });
    return answered;
  }

  #collect(): void {
    const now = Date.now();
    for (const [id, w] of this.#waiting) {
      const ack = this.sim.state.ledger.get(id)?.timeline.acknowledgement;
      if (ack) w.resolve(ack.at - w.enqueuedAtMs);
      else if (now - w.enqueuedAtMs > GIVE_UP_MS) w.reject(new Error(`interaction ${id} never answered`));
      else continue;
      this.#waiting.delete(id);
    }
  }
}
