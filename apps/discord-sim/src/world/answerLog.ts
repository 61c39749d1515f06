/** One interaction's first answer a member could read: a callback with content, or the edit ending a deferral. */
export interface Answer {
  /** Position in the log, from 1: read on with `since(seq)`. */
  seq: number;
  id: string;
  command: string;
  guildId: string | null;
  userId: string;
  dispatchedAt: number;
  answeredAt: number;
  /** answeredAt − dispatchedAt. */
  latencyMs: number;
  /** 4: answered in the callback; 5: deferred, then edited. */
  ackType: 4 | 5;
  ackLatencyMs: number;
  /** The answer's text, cut at 200 characters (enough to tell an error message). */
  content: string;
}

/**
 * Every interaction's first visible answer, in the order they came, for a load generator to read in batches
 * instead of polling each interaction. Bounded: past `capacity`, the oldest are dropped.
 */
export class AnswerLog {
  readonly #answers: Answer[] = [];
  #head = 0;
  #seq = 0;

  constructor(private readonly capacity: number) {}

  get lastSeq(): number {
    return this.#seq;
  }

  add(answer: Omit<Answer, 'seq'>): void {
    this.#answers.push({ ...answer, seq: ++this.#seq });
    if (this.#answers.length - this.#head > this.capacity) this.#head++;
    if (this.#head > 4096 && this.#head * 2 > this.#answers.length) {
      this.#answers.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** Answers after `seq`, at most `limit`, oldest first. */
  since(seq: number, limit: number): Answer[] {
    const first = this.#answers[this.#head];
    if (first === undefined) return [];
    const start = Math.max(this.#head, this.#head + (seq + 1 - first.seq));
    return this.#answers.slice(start, start + limit);
  }

  reset(): void {
    this.#answers.length = 0;
    this.#head = 0;
  }
}
