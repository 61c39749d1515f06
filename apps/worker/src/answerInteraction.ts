import {
  ACK_CLAIM,
  ACK_CLAIM_TTL_MS,
  ACK_DEADLINE_MS,
  ackClaimKey,
  RELEASE_ACK_CLAIM_SCRIPT,
  type CommandReply,
  type InteractionJob,
} from '@droas/contracts';
import { DiscordErrorCode, isDiscordApiError, type DiscordRestClient } from '@droas/discord-rest';
import { RateLimitedError } from '@droas/resilience';
import type { Redis } from 'ioredis';

export type AnsweredVia = 'callback' | 'edit' | 'followup';

/** What a public deferral is edited to when the answer is private: the answer itself goes as a follow-up. */
export const PRIVATE_ANSWER_NOTICE = {
  content: '🔒 The answer was sent privately.',
  allowedMentions: { parse: [] },
} as const;

/**
 * Delivers a command's answer under the acknowledgement protocol (ARCHITECTURE §4). The worker claims
 * `ack:<id>` when its answer is ready; if it wins, the answer goes as the callback itself (type 4, one REST
 * call, no "thinking…"). If the gateway's guard won, it already deferred and the answer edits that.
 *
 * If the callback fails (a 429, a 5xx, a timeout), the claim is released again, so the gateway's guard,
 * which keeps checking while a worker holds the claim, can still defer within the 3 seconds. While the
 * guard's deferral is in flight the worker comes back shortly; once it is confirmed, the worker edits.
 *
 * A worker's "sending" claim is a lease that ends before the guard's last check: a worker killed (or stuck)
 * between claiming and its callback landing would otherwise keep the guard away until Discord's deadline had
 * passed, and nobody would acknowledge the interaction at all.
 *
 * A deferral's visibility is fixed when it is sent (the guard's follows `deferredEphemerally`, the command's
 * `defersEphemeral`), so a private answer to a public deferral is not edited in, where the channel would read
 * it: the deferral says the answer was sent privately, and the answer goes as an ephemeral follow-up.
 *
 * Idempotent across retries: a retried job that finds a callback already accepted, or that runs after
 * Discord's 3-second deadline (when a callback can only fail, with 40060 or 10062), edits the original
 * response instead, which writes the same content. Within the deadline, a claim held by another attempt
 * that is still sending gets the callback again, and a 40060 turns it into an edit.
 */
export async function answerInteraction(
  deps: { redis: Pick<Redis, 'set' | 'get' | 'eval'>; rest: DiscordRestClient; keyPrefix: string },
  job: InteractionJob,
  reply: CommandReply,
  deferredEphemerally: boolean,
): Promise<AnsweredVia> {
  const key = `${deps.keyPrefix}:${ackClaimKey(job.id)}`;
  // Acknowledged by a deferral the channel can see, while the answer is for the invoker alone.
  const hideFromPublicDeferral = async (): Promise<AnsweredVia> => {
    await deps.rest.editOriginalResponse(job.applicationId, job.token, PRIVATE_ANSWER_NOTICE);
    await deps.rest.createFollowup(job.applicationId, job.token, reply);
    await deps.redis.set(key, ACK_CLAIM.WorkerFollowedUp, 'PX', ACK_CLAIM_TTL_MS);
    return 'followup';
  };
  const privateAfterPublicDeferral = reply.ephemeral && !deferredEphemerally;
  // Twice at most: a claim released by a failed deferral is claimed again.
  for (let round = 0; round < 2; round++) {
    const ageMs = Date.now() - job.createdAtMs;
    // Past the deadline a callback can only fail: someone acknowledged (an edit answers) or nobody can.
    const pastDeadline = ageMs >= ACK_DEADLINE_MS;
    const leaseMs = Math.max(MIN_SENDING_LEASE_MS, SENDING_LEASE_END_MS - ageMs);
    const won =
      !pastDeadline && (await deps.redis.set(key, ACK_CLAIM.WorkerSending, 'PX', leaseMs, 'NX')) === 'OK';
    const holder = won ? ACK_CLAIM.WorkerSending : await deps.redis.get(key);
    if (holder === null && !pastDeadline) continue;
    // An earlier attempt delivered it (a crash between its follow-up and this mark sends one more).
    if (holder === ACK_CLAIM.WorkerFollowedUp) return 'followup';
    if (holder === ACK_CLAIM.WorkerSending && !pastDeadline) {
      try {
        await deps.rest.createInteractionResponse(job.id, job.token, reply);
        // Whatever holds the claim now (the lease may have run out), the callback landed: say so.
        await deps.redis.set(key, ACK_CLAIM.WorkerAnswered, 'PX', ACK_CLAIM_TTL_MS);
        return 'callback';
      } catch (error) {
        // Someone acknowledged first: another attempt, or a gateway that deferred while Redis was away.
        if (!isDiscordApiError(error, DiscordErrorCode.InteractionAlreadyAcknowledged)) {
          await deps.redis
            .eval(RELEASE_ACK_CLAIM_SCRIPT, 1, key, ACK_CLAIM.WorkerSending)
            .catch(() => undefined);
          throw error;
        }
        if (privateAfterPublicDeferral) return hideFromPublicDeferral();
      }
    } else if (holder === ACK_CLAIM.GatewayDeferring && ageMs < DEFERRAL_IN_FLIGHT_MS) {
      // The guard's deferral is on its way (say, waiting out a 429): there is nothing to edit yet.
      throw new RateLimitedError({ retryAfterMs: 250, code: 'deferral-in-flight' });
    } else if (privateAfterPublicDeferral && isGatewayClaim(holder)) {
      return hideFromPublicDeferral();
    }
    await deps.rest.editOriginalResponse(job.applicationId, job.token, reply);
    // A claim that ran out (its worker died after the callback) is marked answered again, so a guard armed by
    // a redelivered dispatch finds it taken instead of deferring an interaction Discord already acknowledged.
    if (holder === null) await deps.redis.set(key, ACK_CLAIM.WorkerAnswered, 'PX', ACK_CLAIM_TTL_MS, 'NX');
    return 'edit';
  }
  throw new Error(`the acknowledgement claim of interaction ${job.id} keeps disappearing`);
}

function isGatewayClaim(holder: string | null): boolean {
  return holder === ACK_CLAIM.GatewayDeferring || holder === ACK_CLAIM.GatewayDeferred;
}

// A deferral must land within 3 s of creation; allow for one in flight at the deadline.
const DEFERRAL_IN_FLIGHT_MS = 6_000;
// The sending claim expires this long after creation, before the gateway guard's last check (2,600 ms, with
// checks every 200 ms), so the guard can still defer in time for a worker that died holding it.
const SENDING_LEASE_END_MS = 2_200;
// A worker claiming later than that (the guard is late or gone) still holds the claim while it sends. Short,
// so a claim taken just before the lease end cannot outlast the guard's last check.
const MIN_SENDING_LEASE_MS = 300;
