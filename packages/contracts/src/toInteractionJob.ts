import { z } from 'zod';
import { commandOptionsSchema } from './commandOption.js';
import { type ContractResult, contractFailure } from './contractError.js';
import { type DispatchContext, assertDispatchContext } from './dispatchContext.js';
import { expecting } from './expecting.js';
import {
  commandNameSchema,
  interactionTokenSchema,
  localeSchema,
  permissionsSchema,
  snowflakeSchema,
  usernameSchema,
} from './fieldSchemas.js';
import {
  INTERACTION_TOKEN_LIFETIME_MS,
  INTERACTION_TYPE,
  MAX_RESOLVED_USERS,
  type InteractionJob,
  type ResolvedUser,
} from './interactionJob.js';
import { parseWithSchema } from './parseWithSchema.js';
import { snowflakeToTimestampMs } from './snowflake.js';

// The fields of an INTERACTION_CREATE dispatch's `d` that a job needs. Objects are not strict: Discord adds
// fields over time, and a new one must not stop every command.
const rawInteractionCreateSchema = z.object(
  {
    id: snowflakeSchema(),
    application_id: snowflakeSchema(),
    type: z.literal(Object.values(INTERACTION_TYPE), expecting('2 (APPLICATION_COMMAND)')),
    token: interactionTokenSchema,
    guild_id: snowflakeSchema('a guild id (snowflake); interactions outside guilds are not served'),
    channel_id: snowflakeSchema().optional(),
    channel: z.object({ id: snowflakeSchema() }, expecting('an object')).optional(),
    member: z.object(
      {
        user: z.object(
          {
            id: snowflakeSchema(),
            username: usernameSchema,
            bot: z.boolean(expecting('a boolean')).optional(),
          },
          expecting('an object'),
        ),
        permissions: permissionsSchema,
      },
      expecting('an object'),
    ),
    locale: localeSchema,
    guild_locale: localeSchema.optional(),
    data: z.object(
      {
        name: commandNameSchema,
        type: z.literal(1, expecting('1 (CHAT_INPUT)')),
        options: commandOptionsSchema('raw').optional(),
        resolved: z
          .object(
            {
              users: z
                .record(
                  snowflakeSchema(),
                  z.object({ bot: z.boolean(expecting('a boolean')).optional() }, expecting('an object')),
                  expecting('an object of users by id'),
                )
                .optional(),
              members: z
                .record(snowflakeSchema(), z.unknown(), expecting('an object of members by id'))
                .optional(),
            },
            expecting('an object'),
          )
          .optional(),
      },
      expecting('an object'),
    ),
  },
  expecting('an INTERACTION_CREATE payload (object)'),
);

/**
 * Maps the `d` of an INTERACTION_CREATE dispatch (Discord's snake_case, JSON-parsed) to an
 * {@link InteractionJob}. Validates the raw shape and the resulting job; never throws on bad input, and a
 * failure names the raw field, e.g. `data.options[0].value: expected a safe integer`. Throws a `RangeError`
 * only for a bad `ctx`, which is our own mistake.
 */
export function toInteractionJob(raw: unknown, ctx: DispatchContext): ContractResult<InteractionJob> {
  assertDispatchContext(ctx);
  const parsed = parseWithSchema(rawInteractionCreateSchema, raw);
  if (!parsed.ok) return parsed;
  const d = parsed.value;
  // discord.js reads `channel.id`; `channel_id` is the older field. Both name the same channel.
  const channelId = d.channel?.id ?? d.channel_id;
  if (channelId === undefined) {
    return contractFailure([
      { path: 'channel_id', message: 'missing, expected a snowflake (or channel.id)' },
    ]);
  }
  const { user } = d.member;
  const createdAtMs = snowflakeToTimestampMs(d.id);
  const resolvedUsers = toResolvedUsers(d.data.resolved);
  if (resolvedUsers.length > MAX_RESOLVED_USERS) {
    return contractFailure([
      { path: 'data.resolved.users', message: `expected at most ${MAX_RESOLVED_USERS} users` },
    ]);
  }
  const job: InteractionJob = {
    kind: 'interaction',
    v: 2,
    id: d.id,
    applicationId: d.application_id,
    token: d.token,
    type: d.type,
    guildId: d.guild_id,
    channelId,
    user: { id: user.id, username: user.username, ...(user.bot === undefined ? {} : { bot: user.bot }) },
    memberPermissions: d.member.permissions,
    command: { name: d.data.name, options: d.data.options ?? [], resolvedUsers },
    locale: d.locale,
    ...(d.guild_locale === undefined ? {} : { guildLocale: d.guild_locale }),
    shardId: ctx.shardId,
    receivedAtMs: ctx.receivedAtMs,
    createdAtMs,
    expiresAtMs: createdAtMs + INTERACTION_TOKEN_LIFETIME_MS,
  };
  // The gateway must never enqueue what the worker would reject. Every field above comes from a raw field
  // checked with the job's own field schema, or is derived; the unit tests prove each accepted variant passes
  // the job contract, so the gateway does not pay for validating every dispatch twice.
  return { ok: true, value: job };
}

/** Each resolved user: a bot or not, and a member of the guild when Discord sent member data for it. */
function toResolvedUsers(
  resolved:
    | {
        users?: Record<string, { bot?: boolean | undefined }> | undefined;
        members?: Record<string, unknown> | undefined;
      }
    | undefined,
): ResolvedUser[] {
  const users = resolved?.users ?? {};
  const members = resolved?.members ?? {};
  return Object.entries(users).map(([id, user]) => ({
    id,
    bot: user.bot === true,
    member: Object.hasOwn(members, id),
  }));
}
