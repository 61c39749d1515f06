import type { Answer, SimClient } from '@droas/discord-sim';
import type { CommandPick } from './scenario.js';

/** What the workers answer when a command failed or was refused: the member got no result. */
const ERROR_ANSWER = /^Sorry,|^I don't know \/|sending commands too fast/;

export interface Sent {
  id: string;
  command: string;
  /** Runner clock, ms since the epoch, when the dispatch was asked for. */
  sentAt: number;
  answer?: Answer;
  error?: boolean;
}

/**
 * Sends interactions through the simulator's control API and learns their answers from its answer log, read
 * in batches every `pollMs`: latency is the simulator's own (dispatch to the answer a member can read).
 */
export class LoadDriver {
  readonly sent = new Map<string, Sent>();
  readonly #waiters = new Map<string, (s: Sent) => void>();
  /**
   * Answers read before the dispatch that caused them returned: an interaction answered within the control
   * API's round trip (a fast callback while this process was busy) is in the log before its id is known here.
   */
  readonly #early = new Map<string, Answer>();
  #cursor = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  dispatchErrors = 0;

  constructor(
    private readonly sim: SimClient,
    private readonly pollMs = 100,
  ) {}

  async start(): Promise<void> {
    // Answers from before this run (a warm-up, an earlier phase) are not ours.
    this.#cursor = (await this.sim.answers(0, 1)).lastSeq;
    this.#timer = setInterval(() => {
      this.#polling ??= this.#poll().finally(() => (this.#polling = undefined));
    }, this.pollMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
    await this.#poll();
  }

  /** Dispatches one command; resolves with its id once the simulator has delivered it (undefined: failed). */
  async send(request: CommandPick): Promise<Sent | undefined> {
    const sentAt = Date.now();
    try {
      const { id } = await this.sim.dispatchInteraction(request);
      const sent: Sent = { id, command: request.command, sentAt };
      this.sent.set(id, sent);
      const early = this.#early.get(id);
      if (early) {
        this.#early.delete(id);
        this.#record(sent, early);
      }
      return sent;
    } catch {
      this.dispatchErrors++;
      return undefined;
    }
  }

  /** Resolves when `sent` has its answer, or after `timeoutMs` without one. */
  answered(sent: Sent, timeoutMs: number): Promise<Sent> {
    if (sent.answer) return Promise.resolve(sent);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#waiters.delete(sent.id);
        resolve(sent);
      }, timeoutMs);
      this.#waiters.set(sent.id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
    });
  }

  async #poll(): Promise<void> {
    for (;;) {
      let batch: { answers: Answer[]; next: number };
      try {
        batch = await this.sim.answers(this.#cursor, 5000);
      } catch {
        return;
      }
      this.#cursor = batch.next;
      for (const answer of batch.answers) {
        const sent = this.sent.get(answer.id);
        if (sent) this.#record(sent, answer);
        else this.#early.set(answer.id, answer);
      }
      if (batch.answers.length < 5000) return;
    }
  }

  #record(sent: Sent, answer: Answer): void {
    sent.answer = answer;
    sent.error = ERROR_ANSWER.test(answer.content);
    const wake = this.#waiters.get(answer.id);
    if (wake) {
      this.#waiters.delete(answer.id);
      wake(sent);
    }
  }
}
