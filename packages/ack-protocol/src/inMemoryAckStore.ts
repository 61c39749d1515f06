import {
  encodeSettled,
  releaseClaim,
  takeClaim,
  viewClaim,
  type ClaimView,
  type SettledAck,
  type TakeRequest,
  type TakeResult,
} from './ackClaim.js';
import type { AckStore, AnsweredVia, InteractionRef } from './ackStore.js';

/** Thrown by {@link InMemoryAckStore} while it plays an unreachable Redis. */
export class StoreUnreachableError extends Error {
  override readonly name = 'StoreUnreachableError';
  constructor() {
    super('the acknowledgement store cannot be reached');
  }
}

/**
 * The claim in one process's memory, with the same transitions as the Redis scripts (both are `ackClaim.ts`).
 * For the protocol's model test: `reachable` plays a Redis outage, `now` the Redis clock.
 */
export class InMemoryAckStore implements AckStore {
  readonly #claims = new Map<string, string>();
  readonly #done = new Map<string, AnsweredVia>();
  readonly #heartbeats = new Map<string, number>();
  reachable = true;

  constructor(private readonly now: () => number = Date.now) {}

  /** The stored claim value, as Redis would hold it. */
  stored(id: string): string | undefined {
    return this.#claims.get(id);
  }

  /** How the answer was delivered, once it was. */
  doneVia(id: string): AnsweredVia | undefined {
    return this.#done.get(id);
  }

  take(ix: InteractionRef, request: TakeRequest): Promise<TakeResult> {
    return this.#run(() => {
      const { next, result } = takeClaim(this.#claims.get(ix.id) ?? null, this.now(), request);
      this.#put(ix.id, next);
      return result;
    });
  }

  async takeMany(
    batch: readonly InteractionRef[],
    request: (ix: InteractionRef) => TakeRequest,
  ): Promise<(TakeResult | Error)[]> {
    if (!this.reachable) throw new StoreUnreachableError();
    return Promise.all(batch.map((ix) => this.take(ix, request(ix))));
  }

  alive(holders: readonly string[]): Promise<Set<string>> {
    return this.#run(() => new Set(holders.filter((h) => (this.#heartbeats.get(h) ?? 0) > this.now())));
  }

  heartbeat(holder: string, ttlMs: number): Promise<void> {
    return this.#run(() => {
      this.#heartbeats.set(holder, this.now() + ttlMs);
    });
  }

  view(ix: InteractionRef): Promise<ClaimView> {
    return this.#run(() => viewClaim(this.#claims.get(ix.id) ?? null, this.now()));
  }

  release(ix: InteractionRef, lease: string): Promise<void> {
    return this.#run(() => this.#put(ix.id, releaseClaim(this.#claims.get(ix.id) ?? null, lease)));
  }

  settle(ix: InteractionRef, state: SettledAck, done?: AnsweredVia): Promise<void> {
    return this.#run(() => {
      this.#claims.set(ix.id, encodeSettled(state));
      if (done !== undefined) this.#done.set(ix.id, done);
    });
  }

  #put(id: string, value: string | null): void {
    if (value === null) this.#claims.delete(id);
    else this.#claims.set(id, value);
  }

  #run<T>(operation: () => T): Promise<T> {
    if (!this.reachable) return Promise.reject(new StoreUnreachableError());
    return Promise.resolve(operation());
  }
}
