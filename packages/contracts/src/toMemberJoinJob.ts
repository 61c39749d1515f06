import { z } from 'zod';
import { type ContractResult } from './contractError.js';
import { type DispatchContext, assertDispatchContext } from './dispatchContext.js';
import { expecting } from './expecting.js';
import { isoTimestampMsSchema, snowflakeSchema } from './fieldSchemas.js';
import { type MemberJoinJob } from './memberJoinJob.js';
import { rawMemberUserSchema, toMemberUser } from './memberUser.js';
import { parseWithSchema } from './parseWithSchema.js';

// The fields of a GUILD_MEMBER_ADD dispatch's `d` that a job needs; not strict, as Discord adds fields.
const rawGuildMemberAddSchema = z.object(
  {
    guild_id: snowflakeSchema(),
    user: rawMemberUserSchema,
    joined_at: isoTimestampMsSchema,
    pending: z.boolean(expecting('a boolean')).optional(),
    flags: z
      .number(expecting('member flags (a non-negative integer)'))
      .refine((n) => Number.isSafeInteger(n) && n >= 0, expecting('member flags (a non-negative integer)'))
      .optional(),
  },
  expecting('a GUILD_MEMBER_ADD payload (object)'),
);

/**
 * Maps the `d` of a GUILD_MEMBER_ADD dispatch (Discord's snake_case, JSON-parsed) to a {@link MemberJoinJob}
 * (version 2). Discord omits `bot` for humans and `pending` outside membership screening; both become `false`.
 * Never throws on bad input; a failure names the raw field. Throws a `RangeError` only for a bad `ctx`.
 */
export function toMemberJoinJob(raw: unknown, ctx: DispatchContext): ContractResult<MemberJoinJob> {
  assertDispatchContext(ctx);
  const parsed = parseWithSchema(rawGuildMemberAddSchema, raw);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  const job: MemberJoinJob = {
    kind: 'member-join',
    v: 2,
    guildId: d.guild_id,
    user: toMemberUser(d.user),
    joinedAtMs: d.joined_at,
    pending: d.pending ?? false,
    flags: d.flags ?? 0,
    ...(ctx.guild && { guild: ctx.guild }),
    shardId: ctx.shardId,
    receivedAtMs: ctx.receivedAtMs,
  };
  // The gateway must never enqueue what the worker would reject. Every field above comes from a raw field
  // checked with the job's own field schema, or is derived; the unit tests prove each accepted variant passes
  // the job contract, so the gateway does not pay for validating every dispatch twice.
  return { ok: true, value: job };
}
