/**
 * The acknowledgement claim: the one field of an interaction's record (see `interactionKeys.ts`) through
 * which the gateway's guard and the workers agree that exactly one of them acknowledges the interaction.
 *
 * A party that is about to send an acknowledgement takes the claim as a lease (`W:<until>` for a worker,
 * `G:<until>` for the gateway, `until` in Redis's clock). The lease lasts until nothing the holder sent can
 * still land (`leaseEndMs`), so nobody else acknowledges while a request may be in flight. When the holder
 * learns what Discord did, it writes the outcome: a settled value that never changes again, except from what
 * Discord itself says. A holder whose request surely did not land (a 429, a refused connection) releases the
 * claim for the other party. A lease that lapsed means its holder died or hung: whoever takes it next must
 * ask Discord what happened before acting.
 *
 * This file is the state machine in TypeScript; `ackScripts.ts` is the same machine in Lua, run atomically
 * in Redis, and a test holds the two to the same table of cases.
 */

/** Who acknowledges: a worker with the answer, or the gateway's guard with a deferral (or an error reply). */
export type Party = 'worker' | 'gateway';

/** What an acknowledged (or abandoned) interaction ended as. Final. */
export type SettledAck =
  /** A worker's callback (type 4) landed: the answer is the original response. */
  | { readonly kind: 'answered' }
  /** The guard's deferral (type 5) landed, ephemeral or not: the answer must edit it. */
  | { readonly kind: 'deferred'; readonly ephemeral: boolean }
  /** A private answer to a public deferral went as an ephemeral follow-up (the deferral says so). */
  | { readonly kind: 'followed-up' }
  /** The gateway answered a dispatch it could not read with an error (no job exists). */
  | { readonly kind: 'error-replied' }
  /** Nobody acknowledged within the deadline: the interaction is dead, its token unusable. */
  | { readonly kind: 'dead' };

/** What taking the claim found. */
export type TakeResult =
  /** You hold it now, as `lease`. `afterLapse`: someone held it before and vanished; ask Discord first. */
  | { readonly kind: 'taken'; readonly lease: string; readonly afterLapse: boolean }
  /**
   * Someone else's lease is live for `leftMs` more. `holder` names the process holding it (a worker's
   * liveness key says whether it is still alive); `lease` is the stored value, to take over if it is not.
   */
  | {
      readonly kind: 'held';
      readonly by: Party;
      readonly leftMs: number;
      readonly holder?: string;
      readonly lease: string;
    }
  /** It is over: here is how it ended. */
  | { readonly kind: 'settled'; readonly state: SettledAck };

/** The claim as read, without taking it. */
export type ClaimView =
  | { readonly kind: 'free' }
  | { readonly kind: 'held'; readonly by: Party; readonly leftMs: number; readonly holder?: string }
  | { readonly kind: 'lapsed'; readonly by: Party }
  | { readonly kind: 'settled'; readonly state: SettledAck };

const PARTY_LETTER: Record<Party, 'W' | 'G'> = { worker: 'W', gateway: 'G' };
const LEASE = /^([WG]):(\d{1,16})(?::([\w-]{1,64}))?$/;

/** The stored form of a lease, naming its holder when it has one (a worker process). */
export function encodeLease(party: Party, untilMs: number, holder?: string): string {
  const base = `${PARTY_LETTER[party]}:${Math.round(untilMs)}`;
  return holder === undefined ? base : `${base}:${holder}`;
}

/** The stored form of a settled claim. */
export function encodeSettled(state: SettledAck): string {
  return state.kind === 'deferred'
    ? state.ephemeral
      ? 'deferred:ephemeral'
      : 'deferred:public'
    : state.kind;
}

const SETTLED: Record<string, SettledAck> = {
  answered: { kind: 'answered' },
  'deferred:ephemeral': { kind: 'deferred', ephemeral: true },
  'deferred:public': { kind: 'deferred', ephemeral: false },
  'followed-up': { kind: 'followed-up' },
  'error-replied': { kind: 'error-replied' },
  dead: { kind: 'dead' },
};

/** Reads a stored claim (`null`: nobody has taken it) as of `nowMs` in Redis's clock. */
export function viewClaim(stored: string | null, nowMs: number): ClaimView {
  if (stored === null || stored === '') return { kind: 'free' };
  const lease = LEASE.exec(stored);
  if (lease !== null) {
    const by: Party = lease[1] === 'W' ? 'worker' : 'gateway';
    const leftMs = Number(lease[2]) - nowMs;
    if (leftMs <= 0) return { kind: 'lapsed', by };
    return lease[3] === undefined
      ? { kind: 'held', by, leftMs }
      : { kind: 'held', by, leftMs, holder: lease[3] };
  }
  const state = SETTLED[stored];
  // A value this version does not know was written by a newer one: treat it as over, never overwrite it.
  return { kind: 'settled', state: state ?? { kind: 'dead' } };
}

/** Who takes the claim, and on what terms. */
export interface TakeRequest {
  readonly party: Party;
  readonly leaseMs: number;
  /** The taker's process, recorded in the lease so others can tell whether it is still alive. */
  readonly holder?: string;
  /**
   * A live lease to take over anyway, because its holder is known to be dead: taken only if the claim still
   * holds exactly this value, and as after a lapse (ask Discord first).
   */
  readonly takeOver?: string;
}

/**
 * Taking the claim: what the caller learns, and the value to store (unchanged when it was not taken).
 */
export function takeClaim(
  stored: string | null,
  nowMs: number,
  request: TakeRequest,
): { readonly next: string | null; readonly result: TakeResult } {
  const view = viewClaim(stored, nowMs);
  const takenOver = view.kind === 'held' && request.takeOver !== undefined && request.takeOver === stored;
  if (view.kind === 'free' || view.kind === 'lapsed' || takenOver) {
    const lease = encodeLease(request.party, nowMs + Math.max(1, request.leaseMs), request.holder);
    return { next: lease, result: { kind: 'taken', lease, afterLapse: view.kind !== 'free' } };
  }
  if (view.kind === 'held') {
    const { by, leftMs, holder } = view;
    const held = { kind: 'held', by, leftMs, lease: stored ?? '' } as const;
    return { next: stored, result: holder === undefined ? held : { ...held, holder } };
  }
  return { next: stored, result: { kind: 'settled', state: view.state } };
}

/** Releasing `lease`: only the holder's own lease goes; anything else stays as it is. */
export function releaseClaim(stored: string | null, lease: string): string | null {
  return stored === lease ? null : stored;
}
