import type { Clock } from '../world/clock.js';

/**
 * Discord's global limit: `perSecond` requests per bot per second, whatever the route. Interaction callbacks and
 * interaction webhooks are not counted (the REST server does not call `take` for them).
 */
export class GlobalRateLimit {
  #windowStartMs = 0;
  #count = 0;

  constructor(
    private readonly clock: Clock,
    private readonly perSecond: number,
  ) {}

  /** Counts one request; returns 0 if it may pass, otherwise how long until the window resets. */
  take(): number {
    const now = this.clock.now();
    if (now - this.#windowStartMs >= 1000) {
      this.#windowStartMs = now;
      this.#count = 0;
    }
    if (this.#count < this.perSecond) {
      this.#count += 1;
      return 0;
    }
    return this.#windowStartMs + 1000 - now;
  }

  reset(): void {
    this.#windowStartMs = 0;
    this.#count = 0;
  }
}
