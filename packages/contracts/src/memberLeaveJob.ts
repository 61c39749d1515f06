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

/**
 * A member left a guild (left, was kicked or banned), as the gateway enqueues it on the `member-events` queue.
 * Version 1. Discord's GUILD_MEMBER_REMOVE carries no time, so the leave is dated when the gateway got it.
 */
export interface MemberLeaveJob {
  readonly kind: 'member-leave';
  readonly v: 1;
  readonly guildId: Snowflake;
  readonly user: MemberUser;
  /** The guild's name and member count after this leave, when the gateway knows them. */
  readonly guild?: GuildGlance;
  readonly shardId: number;
  /** When the gateway received the dispatch, Unix ms: also when the member is taken to have left. */
  readonly receivedAtMs: number;
  /** The enqueuing span's trace context, when the gateway traces; absent in older jobs. */
  readonly trace?: TraceCarrier;
}

export const memberLeaveJobSchema: z.ZodType<MemberLeaveJob> = z
  .strictObject(
    {
      kind: z.literal('member-leave', expecting('"member-leave"')),
      v: z.literal(1, expecting('1')),
      guildId: snowflakeSchema(),
      user: memberUserSchema,
      guild: guildGlanceSchema.exactOptional(),
      shardId: shardIdSchema,
      receivedAtMs: timestampMsSchema,
      trace: traceCarrierSchema.exactOptional(),
    },
    expecting('a member-leave job (object)'),
  )
  .superRefine((job, ctx) => checkCreatedAt(job.user, (issue) => ctx.addIssue(issue)));

/** Validates a member-leave job taken off a queue. Never throws on bad input. */
export function parseMemberLeaveJob(input: unknown): ContractResult<MemberLeaveJob> {
  return parseWithSchema(memberLeaveJobSchema, input);
}
