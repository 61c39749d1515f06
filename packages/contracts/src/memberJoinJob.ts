import { z } from 'zod';
import { type ContractResult } from './contractError.js';
import { expecting } from './expecting.js';
import { shardIdSchema, snowflakeSchema, timestampMsSchema, usernameSchema } from './fieldSchemas.js';
import { parseWithSchema } from './parseWithSchema.js';
import { type Snowflake, isSnowflake, snowflakeToTimestampMs } from './snowflake.js';

/** The member who joined. */
export interface JoiningUser {
  readonly id: Snowflake;
  readonly username: string;
  /** Whether the account is a bot; `false` when Discord left the flag out. */
  readonly bot: boolean;
  /** When the account was created (from its id), Unix ms: the input to minimum-account-age rules. */
  readonly createdAtMs: number;
}

/** A member joined a guild, as the gateway enqueues it on the `member-joins` queue. Version 1. */
export interface MemberJoinJob {
  readonly kind: 'member-join';
  readonly v: 1;
  readonly guildId: Snowflake;
  readonly user: JoiningUser;
  /** When the member joined, Unix ms; a rejoin is a new join with a new time. */
  readonly joinedAtMs: number;
  /** Whether the member still has to pass membership screening. */
  readonly pending: boolean;
  readonly shardId: number;
  /** When the gateway received the dispatch, Unix ms. */
  readonly receivedAtMs: number;
}

/**
 * The zod schema of {@link MemberJoinJob}: strict objects, bounded sizes, and a creation time matching the id.
 * Prefer {@link parseMemberJoinJob}, which also screens nesting depth and size and names fields in its errors.
 */
export const memberJoinJobSchema: z.ZodType<MemberJoinJob> = z
  .strictObject(
    {
      kind: z.literal('member-join', expecting('"member-join"')),
      v: z.literal(1, expecting('1')),
      guildId: snowflakeSchema(),
      user: z.strictObject(
        {
          id: snowflakeSchema(),
          username: usernameSchema,
          bot: z.boolean(expecting('a boolean')),
          createdAtMs: timestampMsSchema,
        },
        expecting('an object'),
      ),
      joinedAtMs: timestampMsSchema,
      pending: z.boolean(expecting('a boolean')),
      shardId: shardIdSchema,
      receivedAtMs: timestampMsSchema,
    },
    expecting('a member-join job (object)'),
  )
  .superRefine((job, ctx) => {
    // zod runs this even when a field failed a refinement, so the id may not be a snowflake yet.
    if (!isSnowflake(job.user.id)) return;
    // Account-age rules read this field; a forged value would let a fresh raid account through.
    const createdAtMs = snowflakeToTimestampMs(job.user.id);
    if (job.user.createdAtMs !== createdAtMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['user', 'createdAtMs'],
        message: `expected ${createdAtMs}, the time in user.id`,
      });
    }
  });

/** Validates a member-join job taken off a queue. Never throws on bad input. */
export function parseMemberJoinJob(input: unknown): ContractResult<MemberJoinJob> {
  return parseWithSchema(memberJoinJobSchema, input);
}
