import type { Clock } from '../world/clock.js';

/**
 * What a banned caller gets, in the two forms seen from Discord (neither is documented): Cloudflare's plain
 * `error code: 1015` with `Retry-After`, or a Discord JSON body with `code: 0` and no `Retry-After` or rate-limit
 * headers at all.
 */
export type BanShape = 'cloudflare' | 'json';

export interface InvalidRequestBudgetOptions {
  /** Invalid requests (401, 403, 429) allowed per window. Discord: 10,000. */
  limit: number;
  /** Discord: 10 minutes. */
  windowMs: number;
  /** How long everything is refused once the budget is spent. Discord does not document it. */
  banMs: number;
  banShape: BanShape;
}

/**
 * Discord's invalid-request budget ("Cloudflare ban", docs `topics/rate-limits.mdx`, "Invalid Request Limit"):
 * `limit` invalid answers (401, 403, 429 other than scope `shared`) in ten minutes are allowed; the next one
 * starts a ban, and the caller is refused outright for a while, on every route, interactions included.
 */
export class InvalidRequestBudget {
  #windowStartMs = 0;
  #count = 0;
  #bannedUntilMs = 0;
  /** The form the ban's answers take; the control API can change it. */
  banShape: BanShape;

  constructor(
    private readonly clock: Clock,
    private readonly options: InvalidRequestBudgetOptions,
  ) {
    this.banShape = options.banShape;
  }

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
    // "10,000 per 10 minutes" are allowed: the ban starts after the 10,000th, with the 10,001st.
    if (this.#count > this.options.limit) {
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
    this.banShape = this.options.banShape;
  }
}
