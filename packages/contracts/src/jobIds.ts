import { type Job } from './parseJob.js';
import { type Snowflake, assertSnowflake } from './snowflake.js';

// Job ids are deterministic, built from the Discord event's identity: adding the same event twice (a gateway
// replay after RESUME, a retried add) is a no-op while the first job exists. BullMQ rejects custom ids that
// are purely numeric or contain ':', hence the prefixes and the '-' separators.

/** `ix-<interactionId>`. Throws a `TypeError` for a non-snowflake. */
export function interactionJobId(interactionId: Snowflake): string {
  assertSnowflake(interactionId, 'interactionId');
  return `ix-${interactionId}`;
}

/**
 * `join-<guildId>-<userId>-<joinedAtMs>`: a rejoin is a new event, so the join time is part of the identity.
 * Throws a `TypeError` for a non-snowflake and a `RangeError` unless `joinedAtMs` is a non-negative integer.
 */
export function memberJoinJobId(guildId: Snowflake, userId: Snowflake, joinedAtMs: number): string {
  assertSnowflake(guildId, 'guildId');
  assertSnowflake(userId, 'userId');
  if (!Number.isSafeInteger(joinedAtMs) || joinedAtMs < 0) {
    throw new RangeError(`joinedAtMs must be a non-negative integer, got ${joinedAtMs}`);
  }
  return `join-${guildId}-${userId}-${joinedAtMs}`;
}

/** `<event>-<guildId>-<userId>-<atMs>` for the other member events, on the same rules. */
export function memberEventJobId(
  event: 'leave' | 'screened',
  guildId: Snowflake,
  userId: Snowflake,
  atMs: number,
): string {
  return memberJoinJobId(guildId, userId, atMs).replace(/^join-/, `${event}-`);
}

/** The job id of any {@link Job}. */
export function jobIdForJob(job: Job): string {
  switch (job.kind) {
    case 'interaction':
      return interactionJobId(job.id);
    case 'member-join':
      return memberJoinJobId(job.guildId, job.user.id, job.joinedAtMs);
    case 'member-leave':
      // Discord gives a leave no time of its own: two deliveries of one leave differ by when each arrived, so
      // the worker's goodbye dedupe, not the job id, catches the second.
      return memberEventJobId('leave', job.guildId, job.user.id, job.receivedAtMs);
    case 'member-screened':
      // Passing screening completes one join: the join's time names it, so a redelivery is the same job.
      return memberEventJobId('screened', job.guildId, job.user.id, job.joinedAtMs);
  }
}
