import { z } from 'zod';
import { type ContractResult } from './contractError.js';
import { expecting } from './expecting.js';
import { shardIdSchema, snowflakeSchema, timestampMsSchema } from './fieldSchemas.js';
import { checkCreatedAt, memberUserSchema, type MemberUser } from './memberUser.js';
import { parseWithSchema } from './parseWithSchema.js';
import { type TraceCarrier, traceCarrierSchema } from './traceCarrier.js';
import { type Snowflake } from './snowflake.js';

/**
 * A member passed membership screening: Discord sent GUILD_MEMBER_UPDATE with `pending: false` for a member
 * who joined recently. The gateway forwards such updates without knowing the member was pending before (it
 * keeps no member state); the worker greets only a join it has waiting for screening. Version 1.
 */
export interface MemberScreenedJob {
  readonly kind: 'member-screened';
  readonly v: 1;
  readonly guildId: Snowflake;
  readonly user: MemberUser;
  /** When the member joined: names the join this completes. */
  readonly joinedAtMs: number;
  readonly shardId: number;
  readonly receivedAtMs: number;
  /** The enqueuing span's trace context, when the gateway traces; absent in older jobs. */
  readonly trace?: TraceCarrier;
}

export const memberScreenedJobSchema: z.ZodType<MemberScreenedJob> = z
  .strictObject(
    {
      kind: z.literal('member-screened', expecting('"member-screened"')),
      v: z.literal(1, expecting('1')),
      guildId: snowflakeSchema(),
      user: memberUserSchema,
      joinedAtMs: timestampMsSchema,
      shardId: shardIdSchema,
      receivedAtMs: timestampMsSchema,
      trace: traceCarrierSchema.exactOptional(),
    },
    expecting('a member-screened job (object)'),
  )
  .superRefine((job, ctx) => checkCreatedAt(job.user, (issue) => ctx.addIssue(issue)));

/** Validates a member-screened job taken off a queue. Never throws on bad input. */
export function parseMemberScreenedJob(input: unknown): ContractResult<MemberScreenedJob> {
  return parseWithSchema(memberScreenedJobSchema, input);
}
