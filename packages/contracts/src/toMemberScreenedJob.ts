import { z } from 'zod';
import { type ContractResult } from './contractError.js';
import { type DispatchContext, assertDispatchContext } from './dispatchContext.js';
import { expecting } from './expecting.js';
import { isoTimestampMsSchema, snowflakeSchema } from './fieldSchemas.js';
import { type MemberScreenedJob } from './memberScreenedJob.js';
import { rawMemberUserSchema, toMemberUser } from './memberUser.js';
import { parseWithSchema } from './parseWithSchema.js';

const rawGuildMemberUpdateSchema = z.object(
  {
    guild_id: snowflakeSchema(),
    user: rawMemberUserSchema,
    joined_at: isoTimestampMsSchema,
    pending: z.literal(false, expecting('false (screening passed)')),
  },
  expecting('a GUILD_MEMBER_UPDATE payload (object)'),
);

/** How long after joining a member's update may still be the end of screening worth forwarding. */
export const SCREENING_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * Whether a GUILD_MEMBER_UPDATE may be a member passing screening: `pending` is `false` and the member joined
 * within {@link SCREENING_WINDOW_MS}. Every role change of every member is an update too; this keeps most of
 * them off the queue without the gateway remembering who was pending.
 */
export function mayBeScreeningPassed(raw: unknown, nowMs: number): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const { pending, joined_at: joinedAt } = raw as { pending?: unknown; joined_at?: unknown };
  if (pending !== false || typeof joinedAt !== 'string') return false;
  const joinedAtMs = Date.parse(joinedAt);
  return Number.isFinite(joinedAtMs) && nowMs - joinedAtMs <= SCREENING_WINDOW_MS;
}

/** Maps the `d` of such a GUILD_MEMBER_UPDATE to a {@link MemberScreenedJob}. Never throws on bad input. */
export function toMemberScreenedJob(raw: unknown, ctx: DispatchContext): ContractResult<MemberScreenedJob> {
  assertDispatchContext(ctx);
  const parsed = parseWithSchema(rawGuildMemberUpdateSchema, raw);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: {
      kind: 'member-screened',
      v: 1,
      guildId: parsed.value.guild_id,
      user: toMemberUser(parsed.value.user),
      joinedAtMs: parsed.value.joined_at,
      shardId: ctx.shardId,
      receivedAtMs: ctx.receivedAtMs,
    },
  };
}
