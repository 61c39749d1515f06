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
import { INTERACTION_TOKEN_LIFETIME_MS, INTERACTION_TYPE, type InteractionJob } from './interactionJob.js';
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
  const job: InteractionJob = {
    kind: 'interaction',
    v: 1,
    id: d.id,
    applicationId: d.application_id,
    token: d.token,
    type: d.type,
    guildId: d.guild_id,
    channelId,
    user: { id: user.id, username: user.username, ...(user.bot === undefined ? {} : { bot: user.bot }) },
    memberPermissions: d.member.permissions,
    command: { name: d.data.name, options: d.data.options ?? [] },
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
