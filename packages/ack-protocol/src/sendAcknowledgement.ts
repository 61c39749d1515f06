import type { Logger } from '@droas/runtime';
import type { Party, SettledAck } from './ackClaim.js';
import type { AckDiscord, AckTarget, SendLimits, SendOutcome } from './ackDiscord.js';
import type { AckMetrics } from './ackMetrics.js';
import type { AckStore, AnsweredVia } from './ackStore.js';
import { ACK_DEADLINE_MS, type AckTimings } from './ackTimings.js';

/** What both sides of the protocol work with. */
export interface ProtocolDeps {
  readonly store: AckStore;
  readonly discord: AckDiscord;
  readonly timings: AckTimings;
  readonly metrics: AckMetrics;
  readonly logger: Logger;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** One acknowledgement to send while holding the claim (or, while Redis is away, without it). */
export interface AcknowledgementSpec {
  readonly ix: AckTarget;
  readonly party: Party;
  /** For metrics: `callback` (a worker's answer), `deferral`, `error_reply` (the gateway's). */
  readonly kind: 'callback' | 'deferral' | 'error_reply';
  /** The claim as taken; undefined when sent without one. */
  readonly lease: string | undefined;
  /** No try starts later than this after creation: each is sent with it as its send-by time. */
  readonly lastStartMs: number;
  /** Sends it once, within `limits`. */
  readonly send: (limits: SendLimits) => Promise<SendOutcome>;
  /** What the claim settles to when it lands. */
  readonly landedAs: SettledAck;
  /** Set as delivered when it lands (a callback carries the answer itself). */
  readonly done?: AnsweredVia;
}

/** How sending ended. In every case but `gave-up` the claim is settled. */
export type SendResult =
  | { readonly kind: 'landed' }
  /** Discord had another acknowledgement (or none possible any more): here is what it has. */
  | { readonly kind: 'someone-else'; readonly state: SettledAck }
  /** Nothing of ours landed and no try could any more; the claim is released for the other party. */
  | { readonly kind: 'gave-up'; readonly why: string; readonly retryAfterMs?: number };

/**
 * Sends an acknowledgement until Discord's answer settles the claim, under the protocol's rules: a try that
 * surely did not land (a 429) is tried again only if it can still land in time, otherwise the claim is given
 * back; a try that may have landed (a 5xx, no answer) is never repeated blind: Discord is asked first.
 */
export async function sendUntilSettled(deps: ProtocolDeps, spec: AcknowledgementSpec): Promise<SendResult> {
  const { timings, metrics, now } = deps;
  const { ix, party, kind } = spec;
  const ageMs = () => now() - ix.createdAtMs;
  for (;;) {
    const outcome = await spec.send({
      timeoutMs: Math.max(1, timings.answerWaitEndMs - ageMs()),
      sendByMs: ix.createdAtMs + spec.lastStartMs,
    });
    metrics.requests.inc({ party, kind, outcome: outcome.kind });
    switch (outcome.kind) {
      case 'landed':
        await settleQuietly(deps, ix, spec.landedAs, spec.done);
        return { kind: 'landed' };
      case 'already-acknowledged': {
        // Only when a party acted without a claim (Redis was away): Discord's record is the truth. Unread, it
        // is taken as public, so a private answer is never edited where the channel could read it.
        const state = (await learnFromDiscord(deps, ix, party).catch(() => undefined)) ?? {
          kind: 'deferred',
          ephemeral: false,
        };
        await settleQuietly(deps, ix, state);
        return { kind: 'someone-else', state };
      }
      case 'unknown-interaction':
        await settleQuietly(deps, ix, { kind: 'dead' });
        return { kind: 'someone-else', state: { kind: 'dead' } };
      case 'not-landed': {
        const wait = outcome.retryAfterMs;
        if (wait !== undefined && ageMs() + wait < spec.lastStartMs) {
          await deps.sleep(wait);
          continue;
        }
        await releaseQuietly(deps, ix, spec.lease);
        return { kind: 'gave-up', why: `not landed: ${describe(outcome.error)}`, ...retryAfter(wait) };
      }
      case 'uncertain': {
        const asked = await askWhileThereIsTime(deps, spec);
        if (!asked.ok) {
          // Keep the claim: it lapses at the lease's end, and whoever takes it then asks Discord again.
          return {
            kind: 'gave-up',
            why: `uncertain, and Discord could not be asked: ${describe(asked.error)}`,
          };
        }
        const known = asked.known;
        if (known !== undefined) {
          const ours = known.kind === spec.landedAs.kind || spec.lease !== undefined;
          await settleQuietly(deps, ix, ours ? spec.landedAs : known, ours ? spec.done : undefined);
          return ours ? { kind: 'landed' } : { kind: 'someone-else', state: known };
        }
        if (ageMs() < spec.lastStartMs) continue;
        if (ageMs() >= ACK_DEADLINE_MS) {
          await settleQuietly(deps, ix, { kind: 'dead' });
          return { kind: 'someone-else', state: { kind: 'dead' } };
        }
        await releaseQuietly(deps, ix, spec.lease);
        return { kind: 'gave-up', why: `uncertain, then too late to try again: ${describe(outcome.error)}` };
      }
    }
  }
}

// Between questions to Discord after an acknowledgement of unknown fate, while one could still be sent.
const ASK_AGAIN_MS = 100;

/** Asks Discord, again on failure while a new try could still start, so one failed read does not lose it. */
async function askWhileThereIsTime(
  deps: ProtocolDeps,
  spec: AcknowledgementSpec,
): Promise<{ ok: true; known: SettledAck | undefined } | { ok: false; error: unknown }> {
  for (;;) {
    try {
      return { ok: true, known: await learnFromDiscord(deps, spec.ix, spec.party) };
    } catch (error) {
      if (deps.now() - spec.ix.createdAtMs + ASK_AGAIN_MS >= spec.lastStartMs) return { ok: false, error };
      await deps.sleep(ASK_AGAIN_MS);
    }
  }
}

/**
 * Asks Discord how the interaction was acknowledged. Undefined: not at all (yet). A response that is still
 * "thinking…" is a deferral; any other is treated as one too, with its visibility, because the answer can
 * always be edited into it (a worker's own callback, or a deferral already edited).
 */
export async function learnFromDiscord(
  deps: Pick<ProtocolDeps, 'discord' | 'metrics'>,
  ix: AckTarget,
  party: Party,
): Promise<SettledAck | undefined> {
  const view = await deps.discord.originalResponse(ix);
  deps.metrics.discordReads.inc({ party, found: view.kind === 'exists' ? 'yes' : 'no' });
  return view.kind === 'exists' ? { kind: 'deferred', ephemeral: view.ephemeral } : undefined;
}

// A claim that cannot be written is not lost: its lease lapses, and whoever takes it next asks Discord.
async function settleQuietly(
  deps: ProtocolDeps,
  ix: AckTarget,
  state: SettledAck,
  done?: AnsweredVia,
): Promise<void> {
  try {
    await deps.store.settle(ix, state, done);
  } catch (error) {
    deps.logger.warn({ err: error, interactionId: ix.id }, 'could not record how the interaction ended');
  }
}

async function releaseQuietly(deps: ProtocolDeps, ix: AckTarget, lease: string | undefined): Promise<void> {
  if (lease === undefined) return;
  try {
    await deps.store.release(ix, lease);
  } catch (error) {
    deps.logger.warn({ err: error, interactionId: ix.id }, 'could not release the acknowledgement claim');
  }
}

function retryAfter(ms: number | undefined): { retryAfterMs?: number } {
  return ms === undefined ? {} : { retryAfterMs: ms };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.name : String(error);
}
