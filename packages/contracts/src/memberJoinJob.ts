import { z } from 'zod';
import { type ContractResult } from './contractError.js';
import { expecting } from './expecting.js';
import { shardIdSchema, snowflakeSchema, timestampMsSchema } from './fieldSchemas.js';
import {
  checkCreatedAt,
  guildGlanceSchema,
  memberUserSchema,
  type GuildGlance,
  type MemberUser,
} from './memberUser.js';
import { parseWithSchema } from './parseWithSchema.js';
import { type TraceCarrier, traceCarrierSchema } from './traceCarrier.js';
import { type Snowflake } from './snowflake.js';

/** The member who joined. */
export type JoiningUser = MemberUser;

/** Discord's guild member flag: the member left and joined again. */
export const MEMBER_FLAG_DID_REJOIN = 1 << 0;

/**
 * A member joined a guild, as the gateway enqueues it on the `member-events` queue. Version 2 adds the user's
 * display name and avatar, the member's flags and the guild as the gateway knows it; workers read both.
 */
export interface MemberJoinJob {
  readonly kind: 'member-join';
  readonly v: 1 | 2;
  readonly guildId: Snowflake;
  readonly user: JoiningUser;
  /** When the member joined, Unix ms; a rejoin is a new join with a new time. */
  readonly joinedAtMs: number;
  /** Whether the member still has to pass membership screening. */
  readonly pending: boolean;
  /** Discord's member flags (version 2), e.g. {@link MEMBER_FLAG_DID_REJOIN}. */
  readonly flags?: number;
  /** The guild's name and member count after this join, when the gateway knows them (version 2). */
  readonly guild?: GuildGlance;
  readonly shardId: number;
  /** When the gateway received the dispatch, Unix ms. */
  readonly receivedAtMs: number;
  /** The enqueuing span's trace context, when the gateway traces; absent in older jobs. */
  readonly trace?: TraceCarrier;
}

const flagsSchema = z
  .number(expecting('member flags (a non-negative integer)'))
  .refine((n) => Number.isSafeInteger(n) && n >= 0, expecting('member flags (a non-negative integer)'));

/**
 * The zod schema of {@link MemberJoinJob}: strict objects, bounded sizes, and a creation time matching the id.
 * Prefer {@link parseMemberJoinJob}, which also screens nesting depth and size and names fields in its errors.
 */
export const memberJoinJobSchema: z.ZodType<MemberJoinJob> = z
  .strictObject(
    {
      kind: z.literal('member-join', expecting('"member-join"')),
      v: z.literal([1, 2], expecting('1 or 2')),
      guildId: snowflakeSchema(),
      user: memberUserSchema,
      joinedAtMs: timestampMsSchema,
      pending: z.boolean(expecting('a boolean')),
      flags: flagsSchema.exactOptional(),
      guild: guildGlanceSchema.exactOptional(),
      shardId: shardIdSchema,
      receivedAtMs: timestampMsSchema,
      trace: traceCarrierSchema.exactOptional(),
    },
    expecting('a member-join job (object)'),
  )
  .superRefine((job, ctx) => {
    checkCreatedAt(job.user, (issue) => ctx.addIssue(issue));
    if (job.v !== 1) return;
    const added: (string[] | undefined)[] = [
      job.flags === undefined ? undefined : ['flags'],
      job.guild === undefined ? undefined : ['guild'],
      job.user.globalName === undefined ? undefined : ['user', 'globalName'],
      job.user.avatar === undefined ? undefined : ['user', 'avatar'],
    ];
    for (const path of added) {
      if (path !== undefined) ctx.addIssue({ code: 'custom', path, message: 'expected none in version 1' });
    }
  });

/** Validates a member-join job taken off a queue. Never throws on bad input. */
export function parseMemberJoinJob(input: unknown): ContractResult<MemberJoinJob> {
  return parseWithSchema(memberJoinJobSchema, input);
}
