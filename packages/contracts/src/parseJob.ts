import { type ContractResult, contractFailure } from './contractError.js';
import { type InteractionJob, parseInteractionJob } from './interactionJob.js';
import { type MemberJoinJob, parseMemberJoinJob } from './memberJoinJob.js';
import { type MemberLeaveJob, parseMemberLeaveJob } from './memberLeaveJob.js';
import { type MemberScreenedJob, parseMemberScreenedJob } from './memberScreenedJob.js';

/** A member event: joined, left, passed screening. They share one queue, so one member's events keep their order. */
export type MemberEventJob = MemberJoinJob | MemberLeaveJob | MemberScreenedJob;

/** Every job the gateway produces, discriminated by `kind` and versioned by `v`. */
export type Job = InteractionJob | MemberEventJob;

/** The `kind` of a {@link Job}. */
export type JobKind = Job['kind'];

/**
 * Validates any job taken off a queue, choosing the schema by `kind`. Never throws on bad input; a failure
 * names each offending field, e.g. `command.options[0].value: expected a safe integer`.
 */
export function parseJob(input: unknown): ContractResult<Job> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return contractFailure([{ path: '(root)', message: 'expected a job (object)' }]);
  }
  // Own property only: a `kind` inherited from a prototype is not part of the message.
  const kind: unknown = Object.hasOwn(input, 'kind') ? (input as { kind: unknown }).kind : undefined;
  switch (kind) {
    case 'interaction':
      return parseInteractionJob(input);
    case 'member-join':
      return parseMemberJoinJob(input);
    case 'member-leave':
      return parseMemberLeaveJob(input);
    case 'member-screened':
      return parseMemberScreenedJob(input);
    default:
      return contractFailure([
        {
          path: 'kind',
          message: `${kind === undefined ? 'missing, ' : ''}expected "interaction", "member-join", "member-leave" or "member-screened"`,
        },
      ]);
  }
}
