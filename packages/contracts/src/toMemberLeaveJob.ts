import { z } from 'zod';
import { type ContractResult } from './contractError.js';
import { type DispatchContext, assertDispatchContext } from './dispatchContext.js';
import { expecting } from './expecting.js';
import { snowflakeSchema } from './fieldSchemas.js';
import { type MemberLeaveJob } from './memberLeaveJob.js';
import { rawMemberUserSchema, toMemberUser } from './memberUser.js';
import { parseWithSchema } from './parseWithSchema.js';

const rawGuildMemberRemoveSchema = z.object(
  { guild_id: snowflakeSchema(), user: rawMemberUserSchema },
  expecting('a GUILD_MEMBER_REMOVE payload (object)'),
);

/** Maps the `d` of a GUILD_MEMBER_REMOVE dispatch to a {@link MemberLeaveJob}. Never throws on bad input. */
export function toMemberLeaveJob(raw: unknown, ctx: DispatchContext): ContractResult<MemberLeaveJob> {
  assertDispatchContext(ctx);
  const parsed = parseWithSchema(rawGuildMemberRemoveSchema, raw);
  if (!parsed.ok) return parsed;
  return {
    ok: true,
    value: {
      kind: 'member-leave',
      v: 1,
      guildId: parsed.value.guild_id,
      user: toMemberUser(parsed.value.user),
      ...(ctx.guild && { guild: ctx.guild }),
      shardId: ctx.shardId,
      receivedAtMs: ctx.receivedAtMs,
    },
  };
}
