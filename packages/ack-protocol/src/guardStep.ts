import type { SettledAck, TakeResult } from './ackClaim.js';
import type { GuardResult } from './ackMetrics.js';
import type { AckTimings } from './ackTimings.js';

/** What the guard saw when it tried to take an interaction's claim. */
export type GuardObservation = TakeResult | { readonly kind: 'unreachable' };

/** What the guard does next about one interaction. */
export type GuardStep =
  /** It holds a fresh claim: defer. */
  | { readonly do: 'defer'; readonly lease: string }
  /** It holds a claim whose last holder vanished: ask Discord whether that one answered, then defer if not. */
  | { readonly do: 'ask-then-defer'; readonly lease: string }
  /** Redis is away and the guard has held back long enough: ask Discord, defer without a claim if nobody answered. */
  | { readonly do: 'ask-then-defer-unclaimed' }
  /** Look again at `atAgeMs` after creation. */
  | { readonly do: 'recheck'; readonly atAgeMs: number }
  /** Give the claim back (if taken) and stop, for `result`. */
  | { readonly do: 'stop'; readonly result: GuardResult; readonly release?: string };

/**
 * The guard's whole decision, from what it observed `ageMs` after the interaction's creation. Pure: the
 * guard (`ackGuard.ts`) only carries it out.
 *
 * - Nobody holds the claim: the guard took it, and defers while a deferral can still land.
 * - A worker holds it: the worker is sending its answer; look again until the last chance, then leave it
 *   (the lease outlasts anything the worker sent, so deferring beside it could only race it).
 * - Redis cannot be reached: hold back until `guardHoldBackMs`, trying again, so that a worker's callback sent
 *   before the outage lands first; then ask Discord, and defer only if it has no response.
 */
export function decideGuardStep(observed: GuardObservation, ageMs: number, t: AckTimings): GuardStep {
  switch (observed.kind) {
    case 'taken':
      if (ageMs >= t.guardLastStartMs) return { do: 'stop', result: 'too_late', release: observed.lease };
      return observed.afterLapse
        ? { do: 'ask-then-defer', lease: observed.lease }
        : { do: 'defer', lease: observed.lease };
    case 'held': {
      if (observed.by === 'gateway') return { do: 'stop', result: 'duplicate' };
      const next = ageMs + t.guardRecheckMs;
      return next <= t.guardLastStartMs
        ? { do: 'recheck', atAgeMs: next }
        : { do: 'stop', result: 'worker_answering' };
    }
    case 'settled':
      return { do: 'stop', result: settledResult(observed.state) };
    case 'unreachable':
      if (ageMs < t.guardHoldBackMs) {
        return { do: 'recheck', atAgeMs: Math.min(ageMs + t.guardRecheckMs, t.guardHoldBackMs) };
      }
      return ageMs < t.guardLastStartMs
        ? { do: 'ask-then-defer-unclaimed' }
        : { do: 'stop', result: 'too_late' };
  }
}

function settledResult(state: SettledAck): GuardResult {
  return state.kind === 'dead' ? 'dead' : 'not_needed';
}
