import type { Party, TakeResult } from '@droas/ack-protocol';

/** The transitions of the claim, as a table; the unit test holds `takeClaim` to it and the Redis test holds the Lua script to it. */
export const TAKE_CASES: readonly {
  name: string;
  stored: string | null;
  party: Party;
  nowMs: number;
  leaseMs: number;
  next: string | null;
  result: TakeResult;
}[] = [
  {
    name: 'free: taken',
    stored: null,
    party: 'worker',
    nowMs: 1_000,
    leaseMs: 500,
    next: 'W:1500',
    result: { kind: 'taken', lease: 'W:1500', afterLapse: false },
  },
  {
    name: 'live lease of the other party: held',
    stored: 'G:1500',
    party: 'worker',
    nowMs: 1_000,
    leaseMs: 500,
    next: 'G:1500',
    result: { kind: 'held', by: 'gateway', leftMs: 500 },
  },
  {
    name: 'live lease of the same party (another attempt): held',
    stored: 'W:1400',
    party: 'worker',
    nowMs: 1_000,
    leaseMs: 500,
    next: 'W:1400',
    result: { kind: 'held', by: 'worker', leftMs: 400 },
  },
  {
    name: 'lapsed lease: taken after the lapse',
    stored: 'W:1000',
    party: 'gateway',
    nowMs: 1_000,
    leaseMs: 2_000,
    next: 'G:3000',
    result: { kind: 'taken', lease: 'G:3000', afterLapse: true },
  },
  {
    name: 'settled: as it ended',
    stored: 'deferred:ephemeral',
    party: 'worker',
    nowMs: 1_000,
    leaseMs: 500,
    next: 'deferred:ephemeral',
    result: { kind: 'settled', state: { kind: 'deferred', ephemeral: true } },
  },
  {
    name: 'settled by a newer version: left alone, read as over',
    stored: 'something-new',
    party: 'gateway',
    nowMs: 1_000,
    leaseMs: 500,
    next: 'something-new',
    result: { kind: 'settled', state: { kind: 'dead' } },
  },
];
