import type { ClaimView, SettledAck, TakeResult } from './ackClaim.js';
import type { AnsweredVia } from './ackStore.js';
import { ACK_DEADLINE_MS, type AckTimings } from './ackTimings.js';

/** What a worker saw of the claim: it tried to take it while a callback could land, else only read it. */
export type WorkerObservation = TakeResult | ClaimView;

/** What a worker does next with its answer. */
export type WorkerStep =
  /**
   * It holds the claim: send the answer as the acknowledgement. `askFirst` when the guard should already have
   * deferred and did not (Redis was away for it, or it is gone): it may have deferred without a claim.
   */
  | { readonly do: 'respond'; readonly lease: string; readonly askFirst: boolean }
  /** Someone vanished holding the claim, or it is free too late to answer: ask Discord what happened. */
  | { readonly do: 'ask'; readonly lease?: string }
  /** Acknowledged already: edit the answer in. */
  | { readonly do: 'edit'; readonly state: Extract<SettledAck, { kind: 'answered' | 'deferred' }> }
  /** Already delivered; nothing to send. */
  | { readonly do: 'delivered'; readonly via: AnsweredVia }
  /** Nobody acknowledged in time: the answer cannot be delivered. */
  | { readonly do: 'dead' }
  /** Someone else is acting, or Discord's answer is not final yet: come back in `ms`. */
  | { readonly do: 'wait'; readonly ms: number };

// A worker that finds the guard mid-deferral looks again this soon: a deferral takes a round trip.
const GUARD_SENDING_WAIT_MS = 250;
// After the deadline Discord's record of the acknowledgement is final; look this long after it.
const AFTER_DEADLINE_MS = 250;

/**
 * A worker's whole decision about its answer, from what it observed `ageMs` after the interaction's creation.
 * Pure: `InteractionAnswerer` carries it out.
 */
export function decideWorkerStep(observed: WorkerObservation, ageMs: number, t: AckTimings): WorkerStep {
  switch (observed.kind) {
    case 'taken':
      if (observed.afterLapse || ageMs >= t.workerLastCallbackMs) return { do: 'ask', lease: observed.lease };
      return {
        do: 'respond',
        lease: observed.lease,
        askFirst: ageMs >= t.guardFireMs + t.guardRecheckMs,
      };
    case 'held':
      return {
        do: 'wait',
        ms:
          observed.by === 'worker' ? observed.leftMs + 25 : Math.min(observed.leftMs, GUARD_SENDING_WAIT_MS),
      };
    case 'settled':
      return settledStep(observed.state);
    case 'free':
    case 'lapsed':
      // Read, not taken: too late to answer with a callback. Until the deadline a deferral sent without a claim
      // could still land, so Discord's record is only final after it.
      return ageMs >= ACK_DEADLINE_MS
        ? { do: 'ask' }
        : { do: 'wait', ms: ACK_DEADLINE_MS + AFTER_DEADLINE_MS - ageMs };
  }
}

function settledStep(state: SettledAck): WorkerStep {
  switch (state.kind) {
    case 'answered':
    case 'deferred':
      return { do: 'edit', state };
    case 'followed-up':
      return { do: 'delivered', via: 'followup' };
    case 'error-replied':
      return { do: 'delivered', via: 'callback' };
    case 'dead':
      return { do: 'dead' };
  }
}
