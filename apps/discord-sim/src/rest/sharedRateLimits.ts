import type { Clock } from '../world/clock.js';
import { RouteBuckets, type BucketLimit } from './routeBuckets.js';

/**
 * Limits Discord keeps on a resource rather than on the bot, answered with a 429 whose `X-RateLimit-Scope` is
 * `shared` and whose body has a JSON `code` (docs `topics/rate-limits.mdx`, "Header Format" and "Exceeding A
 * Rate Limit"; codes in `topics/opcodes-and-status-codes.mdx`, "JSON Error Codes"):
 * - `channelWrites`: writes to one channel, whoever makes them (20028);
 * - `dmOpens`: DM channels opened by the bot (40003).
 * Discord does not publish either threshold; null turns a limit off.
 */
export interface SharedLimitSettings {
  channelWrites: BucketLimit | null;
  dmOpens: BucketLimit | null;
}
export type SharedLimitName = keyof SharedLimitSettings;

export interface SharedLimitHit {
  code: number;
  message: string;
  retryAfterMs: number;
}

// Discord's own words for these two answers.
const ANSWERS: Record<SharedLimitName, { code: number; message: string }> = {
  channelWrites: {
    code: 20028,
    message: 'The write action you are performing on the channel has hit the write rate limit.',
  },
  dmOpens: { code: 40003, message: 'You are opening direct messages too fast.' },
};

/** The shared limits in force, changeable at run time through the control API. */
export class SharedRateLimits {
  #settings: SharedLimitSettings;
  readonly #windows: RouteBuckets;

  constructor(
    clock: Clock,
    private readonly initial: SharedLimitSettings,
  ) {
    this.#settings = { ...initial };
    this.#windows = new RouteBuckets(clock);
  }

  get settings(): SharedLimitSettings {
    return { ...this.#settings };
  }

  /** Changes the limits named; every window then starts afresh. */
  configure(changes: Partial<SharedLimitSettings>): SharedLimitSettings {
    this.#settings = { ...this.#settings, ...changes };
    this.#windows.reset();
    return this.settings;
  }

  /** Counts one write on `key` (a channel id, or the bot for DMs); the 429 to give when it is over the limit. */
  take(name: SharedLimitName, key: string): SharedLimitHit | undefined {
    const limit = this.#settings[name];
    if (limit === null) return undefined;
    const verdict = this.#windows.take(`${name}:${key}`, limit);
    return verdict.allowed ? undefined : { ...ANSWERS[name], retryAfterMs: verdict.resetAfterMs };
  }

  /** Back to the limits the simulator started with, and empty windows. */
  reset(): void {
    this.#settings = { ...this.initial };
    this.#windows.reset();
  }
}
