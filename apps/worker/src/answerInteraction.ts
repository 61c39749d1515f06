import { ackClaimKey, type CommandReply, type InteractionJob } from '@droas/contracts';
import { DiscordErrorCode, isDiscordApiError, type DiscordRestClient } from '@droas/discord-rest';
import { RateLimitedError } from '@droas/resilience';
import type { Redis } from 'ioredis';

export type AnsweredVia = 'callback' | 'edit';

// The claim lives as long as the interaction token; whoever comes second must edit, not answer.
const CLAIM_TTL_MS = 15 * 60_000;
/**
 * Claim values, shared with the gateway's guard (apps/gateway ackGuard): a worker is sending its callback /
 * its callback was accepted; the gateway is deferring / its deferral was accepted. A party whose request
 * fails deletes its own "…ing" claim, so the other can still acknowledge in time.
 */
export const CLAIM_WORKER_SENDING = 'worker';
export const CLAIM_WORKER_ANSWERED = 'worker-answered';
export const CLAIM_GATEWAY_DEFERRING = 'gateway';

// Deletes the claim only if it still holds ARGV[1]: never someone else's claim.
const RELEASE_IF_HOLDING = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Delivers a command's answer under the acknowledgement protocol (ARCHITECTURE §4). The worker claims
 * `ack:<id>` when its answer is ready; if it wins, the answer goes as the callback itself (type 4, one REST
 * call, no "thinking…"). If the gateway's guard won, it already deferred and the answer edits that.
 *
 * If the callback fails (a 429, a 5xx, a timeout), the claim is released again, so the gateway's guard,
 * which keeps checking while a worker holds the claim, can still defer within the 3 seconds. While the
 * guard's deferral is in flight the worker comes back shortly; once it is confirmed, the worker edits.
 *
 * Idempotent across retries: a retried job finds the claim held by a worker (its own earlier attempt),
 * sends the callback again, and if Discord says 40060 (that earlier callback did land) edits instead,
 * which writes the same content.
 */
export async function answerInteraction(
  deps: { redis: Pick<Redis, 'set' | 'get' | 'eval'>; rest: DiscordRestClient; keyPrefix: string },
  job: InteractionJob,
  reply: CommandReply,
): Promise<AnsweredVia> {
  const key = `${deps.keyPrefix}:${ackClaimKey(job.id)}`;
  // Twice at most: a claim released by a failed deferral is claimed again.
  for (let round = 0; round < 2; round++) {
    const won = (await deps.redis.set(key, CLAIM_WORKER_SENDING, 'PX', CLAIM_TTL_MS, 'NX')) === 'OK';
    const holder = won ? CLAIM_WORKER_SENDING : await deps.redis.get(key);
    if (holder === null) continue;
    if (holder === CLAIM_WORKER_SENDING || holder === CLAIM_WORKER_ANSWERED) {
      try {
        await deps.rest.createInteractionResponse(job.id, job.token, reply);
        await deps.redis.set(key, CLAIM_WORKER_ANSWERED, 'PX', CLAIM_TTL_MS, 'XX');
        return 'callback';
      } catch (error) {
        // Someone acknowledged first: our own earlier attempt, or a gateway that deferred while Redis was away.
        if (!isDiscordApiError(error, DiscordErrorCode.InteractionAlreadyAcknowledged)) {
          await deps.redis.eval(RELEASE_IF_HOLDING, 1, key, CLAIM_WORKER_SENDING).catch(() => undefined);
          throw error;
        }
      }
    } else if (holder === CLAIM_GATEWAY_DEFERRING && Date.now() - job.createdAtMs < DEFERRAL_IN_FLIGHT_MS) {
      // The guard's deferral is on its way (say, waiting out a 429): there is nothing to edit yet.
      throw new RateLimitedError({ retryAfterMs: 250, code: 'deferral-in-flight' });
    }
    await deps.rest.editOriginalResponse(job.applicationId, job.token, reply);
    return 'edit';
  }
  throw new Error(`the acknowledgement claim of interaction ${job.id} keeps disappearing`);
}

// A deferral must land within 3 s of creation; allow for one in flight at the deadline.
const DEFERRAL_IN_FLIGHT_MS = 6_000;
