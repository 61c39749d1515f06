import type {
  AckDiscord,
  AckTarget,
  OriginalResponseView,
  SendLimits,
  SendOutcome,
  WebhookOutcome,
} from '@droas/ack-protocol';
import { INTERACTION_TOKEN_LIFETIME_MS, type CommandReply } from '@droas/contracts';

/** Discord's rules the model holds the protocol to: one acknowledgement, within 3 s of creation. */
const DEADLINE_MS = 3_000;

/** How one request fares on the way: how long each way, and whether Discord refuses it before acting. */
export interface Flight {
  /** Time to reach Discord. */
  upMs: number;
  /** Time for the answer to come back. */
  downMs: number;
  /** Discord answers without acting: a 429 (with this Retry-After) or a 5xx. */
  refuse?: { kind: '429'; retryAfterMs: number } | { kind: '5xx' };
  /**
   * For an acknowledgement, time spent in the sender's own process before the request leaves it (the REST
   * client's Redis reads on a loaded Redis, a busy event loop); its send-by time is checked after it.
   */
  localMs?: number;
}

/** Every acknowledgement request, as Discord saw it arrive. */
export interface Arrival {
  id: string;
  kind: 'respond' | 'defer';
  sentAtAge: number;
  arrivedAtAge: number;
  result: 'acknowledged' | 'double' | 'late' | 'refused';
}

interface InteractionState {
  createdAtMs: number;
  ack?: { type: 4 | 5; ephemeral: boolean; atAge: number };
  content?: string;
  followUps: string[];
}

/**
 * Discord as the protocol model needs it: requests take simulated time each way (fake timers), may be
 * refused, and land when they arrive, whatever became of their sender. `flight` decides each request's fate.
 */
export class FakeDiscord implements AckDiscord {
  readonly arrivals: Arrival[] = [];
  /** Acknowledgements their senders stopped because their send-by time had passed. */
  readonly notSent: { id: string; kind: Arrival['kind']; lateByMs: number }[] = [];
  readonly #state = new Map<string, InteractionState>();

  constructor(
    private readonly flight: (what: string, ix: AckTarget) => Flight,
    private readonly now: () => number = Date.now,
    /** False: requests go whatever their send-by time, as before the REST client checked it. */
    private readonly honoursSendBy = true,
  ) {}

  /** What Discord has for `id`: its acknowledgement and the message the member sees. */
  view(id: string): Readonly<InteractionState> | undefined {
    return this.#state.get(id);
  }

  respond(ix: AckTarget, reply: CommandReply, limits: SendLimits): Promise<SendOutcome> {
    return this.#acknowledge(ix, 'respond', { type: 4, ephemeral: reply.ephemeral }, reply.content, limits);
  }

  defer(ix: AckTarget, ephemeral: boolean, limits: SendLimits): Promise<SendOutcome> {
    return this.#acknowledge(ix, 'defer', { type: 5, ephemeral }, undefined, limits);
  }

  async originalResponse(ix: AckTarget): Promise<OriginalResponseView> {
    const flight = this.flight('read', ix);
    await this.#sleep(flight.upMs);
    const s = this.#of(ix);
    const view: OriginalResponseView =
      s.ack === undefined
        ? { kind: 'none' }
        : { kind: 'exists', ephemeral: s.ack.ephemeral, loading: s.content === undefined };
    await this.#sleep(flight.downMs);
    if (flight.refuse) throw new Error(`GET @original refused (${flight.refuse.kind})`);
    return view;
  }

  async editOriginal(ix: AckTarget, reply: CommandReply): Promise<WebhookOutcome> {
    return this.#webhook(ix, 'edit', (s) => {
      s.content = reply.content;
    });
  }

  async followUp(ix: AckTarget, reply: CommandReply): Promise<WebhookOutcome> {
    return this.#webhook(ix, 'followup', (s) => {
      s.followUps.push(reply.content);
    });
  }

  async #acknowledge(
    ix: AckTarget,
    kind: Arrival['kind'],
    ack: { type: 4 | 5; ephemeral: boolean },
    content: string | undefined,
    { timeoutMs, sendByMs }: SendLimits,
  ): Promise<SendOutcome> {
    const flight = this.flight(kind, ix);
    if (flight.localMs !== undefined) await this.#sleep(flight.localMs);
    // As the REST client does, last before the request leaves: past its send-by time, it is not sent.
    if (this.honoursSendBy && this.now() > sendByMs) {
      this.notSent.push({ id: ix.id, kind, lateByMs: this.now() - sendByMs });
      return { kind: 'not-landed', retryAfterMs: undefined, error: new Error('past its send-by time') };
    }
    const s = this.#of(ix);
    const sentAtAge = this.now() - s.createdAtMs;
    // The request lands when it arrives, whether or not its sender still waits for the answer.
    const landed = this.#sleep(flight.upMs).then(() => {
      const arrivedAtAge = this.now() - s.createdAtMs;
      let result: Arrival['result'];
      if (flight.refuse) result = 'refused';
      else if (s.ack !== undefined) result = 'double';
      else if (arrivedAtAge >= DEADLINE_MS) result = 'late';
      else {
        result = 'acknowledged';
        s.ack = { ...ack, atAge: arrivedAtAge };
        if (content !== undefined) s.content = content;
      }
      this.arrivals.push({ id: ix.id, kind, sentAtAge, arrivedAtAge, result });
      return result;
    });
    const answered = landed.then(async (result) => {
      await this.#sleep(flight.downMs);
      return result;
    });
    const timedOut = this.#sleep(timeoutMs).then(() => 'timeout' as const);
    const result = await Promise.race([answered, timedOut]);
    switch (result) {
      case 'timeout':
        return { kind: 'uncertain', error: new Error('timeout') };
      case 'acknowledged':
        return { kind: 'landed' };
      case 'double':
        return { kind: 'already-acknowledged' };
      case 'late':
        return { kind: 'unknown-interaction' };
      case 'refused':
        return flight.refuse?.kind === '429'
          ? { kind: 'not-landed', retryAfterMs: flight.refuse.retryAfterMs, error: new Error('429') }
          : { kind: 'uncertain', error: new Error('5xx') };
    }
  }

  async #webhook(ix: AckTarget, what: string, apply: (s: InteractionState) => void): Promise<WebhookOutcome> {
    const flight = this.flight(what, ix);
    await this.#sleep(flight.upMs);
    const s = this.#of(ix);
    let outcome: WebhookOutcome = 'sent';
    if (this.now() - s.createdAtMs >= INTERACTION_TOKEN_LIFETIME_MS) outcome = 'expired';
    else if (s.ack === undefined) outcome = 'missing';
    else if (!flight.refuse) apply(s);
    await this.#sleep(flight.downMs);
    if (flight.refuse) throw new Error(`${what} refused (${flight.refuse.kind})`);
    return outcome;
  }

  #of(ix: AckTarget): InteractionState {
    let s = this.#state.get(ix.id);
    if (s === undefined) {
      s = { createdAtMs: ix.createdAtMs, followUps: [] };
      this.#state.set(ix.id, s);
    }
    return s;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}
