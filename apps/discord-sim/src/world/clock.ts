/** Where the simulator reads the time. Discord's rules (3 s, 15 min, rate-limit windows) are all measured on it. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that moves only when told to, so tests can cross a 15-minute token expiry in a millisecond. */
export class ManualClock implements Clock {
  #nowMs: number;

  constructor(startMs: number = Date.now()) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock cannot go backwards');
    this.#nowMs += ms;
  }
}
