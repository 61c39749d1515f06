import type { Clock } from '../world/clock.js';

export interface InvalidRequestBudgetOptions {
  /** Invalid requests (401, 403, 429) allowed per window. Discord: 10,000. */
  limit: number;
  /** Discord: 10 minutes. */
  windowMs: number;
  /** How long everything is refused once the budget is spent. Discord does not document it. */
  banMs: number;
}

/**
 * Discord's invalid-request budget ("Cloudflare ban"): too many 401/403/429 answers in ten minutes and the
 * caller is refused outright for a while, on every route, interactions included.
 */
export class InvalidRequestBudget {
  #windowStartMs = 0;
  #count = 0;
  #bannedUntilMs = 0;

  constructor(
    private readonly clock: Clock,
    private readonly options: InvalidRequestBudgetOptions,
  ) {}

  /** Milliseconds until the ban lifts, or 0 when requests are accepted. */
  banRemainingMs(): number {
    return Math.max(this.#bannedUntilMs - this.clock.now(), 0);
  }

  record(): void {
    const now = this.clock.now();
    if (now - this.#windowStartMs >= this.options.windowMs) {
      this.#windowStartMs = now;
      this.#count = 0;
    }
    this.#count += 1;
    if (this.#count >= this.options.limit) {
      this.#bannedUntilMs = now + this.options.banMs;
      this.#count = 0;
      this.#windowStartMs = now;
    }
  }

  /** Invalid requests counted in the current window. */
  get count(): number {
    return this.#count;
  }

  reset(): void {
    this.#windowStartMs = 0;
    this.#count = 0;
    this.#bannedUntilMs = 0;
  }
}
