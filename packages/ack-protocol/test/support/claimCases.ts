import type { TakeRequest, TakeResult } from '@droas/ack-protocol';

/**
 * The transitions of the claim, as a table; the unit test holds `takeClaim` to it and the Redis test holds
 * the Lua script to it. Times are relative: the Redis test moves leases onto Redis's clock.
 */
export const TAKE_CASES: readonly {
  name: string;
  stored: string | null;
  nowMs: number;
  request: TakeRequest;
  next: string | null;
  result: TakeResult;
}[] = [
  {
    name: 'free: taken',
    stored: null,
    nowMs: 1_000,
    request: { party: 'worker', leaseMs: 500 },
    next: 'W:1500',
    result: { kind: 'taken', lease: 'W:1500', afterLapse: false },
  },
  {
    name: 'free: taken, naming its holder',
    stored: null,
    nowMs: 1_000,
    request: { party: 'worker', leaseMs: 500, holder: 'w-1a2b' },
    next: 'W:1500:w-1a2b',
    result: { kind: 'taken', lease: 'W:1500:w-1a2b', afterLapse: false },
  },
  {
    name: 'live lease of the other party: held',
    stored: 'G:1500',
    nowMs: 1_000,
    request: { party: 'worker', leaseMs: 500 },
    next: 'G:1500',
    result: { kind: 'held', by: 'gateway', leftMs: 500, lease: 'G:1500' },
  },
  {
    name: 'live lease of a named worker: held, with its holder',
    stored: 'W:1400:w-1a2b',
    nowMs: 1_000,
    request: { party: 'gateway', leaseMs: 500 },
    next: 'W:1400:w-1a2b',
    result: { kind: 'held', by: 'worker', leftMs: 400, holder: 'w-1a2b', lease: 'W:1400:w-1a2b' },
  },
  {
    name: 'live lease of a dead worker, taken over: taken as after a lapse',
    stored: 'W:1400:w-1a2b',
    nowMs: 1_000,
    request: { party: 'gateway', leaseMs: 2_000, takeOver: 'W:1400:w-1a2b' },
    next: 'G:3000',
    result: { kind: 'taken', lease: 'G:3000', afterLapse: true },
  },
  {
    name: 'take-over of a lease that has changed since: held',
    stored: 'W:1400:w-9999',
    nowMs: 1_000,
    request: { party: 'gateway', leaseMs: 2_000, takeOver: 'W:1400:w-1a2b' },
    next: 'W:1400:w-9999',
    result: { kind: 'held', by: 'worker', leftMs: 400, holder: 'w-9999', lease: 'W:1400:w-9999' },
  },
  {
    name: 'lapsed lease: taken after the lapse',
    stored: 'W:1000',
    nowMs: 1_000,
    request: { party: 'gateway', leaseMs: 2_000 },
    next: 'G:3000',
    result: { kind: 'taken', lease: 'G:3000', afterLapse: true },
  },
  {
    name: 'settled: as it ended',
    stored: 'deferred:ephemeral',
    nowMs: 1_000,
    request: { party: 'worker', leaseMs: 500, takeOver: 'deferred:ephemeral' },
    next: 'deferred:ephemeral',
    result: { kind: 'settled', state: { kind: 'deferred', ephemeral: true } },
  },
  {
    name: 'settled by a newer version: left alone, read as over',
    stored: 'something-new',
    nowMs: 1_000,
    request: { party: 'gateway', leaseMs: 500 },
    next: 'something-new',
    result: { kind: 'settled', state: { kind: 'dead' } },
  },
];
