import { z } from 'zod';
import { type CommandOption, commandOptionsSchema } from './commandOption.js';
import { type ContractResult } from './contractError.js';
import { expecting } from './expecting.js';
import { type GuildGlance, guildGlanceSchema } from './memberUser.js';
import {
  commandNameSchema,
  interactionTokenSchema,
  localeSchema,
  permissionsSchema,
  shardIdSchema,
  snowflakeSchema,
  timestampMsSchema,
  usernameSchema,
} from './fieldSchemas.js';
import { parseWithSchema } from './parseWithSchema.js';
import { type TraceCarrier, traceCarrierSchema } from './traceCarrier.js';
import { type Snowflake, isSnowflake, snowflakeToTimestampMs } from './snowflake.js';

/** Discord interaction types this contract carries. Others (components, autocomplete, modals) are not served. */
export const INTERACTION_TYPE = { ApplicationCommand: 2 } as const;

/** One of {@link INTERACTION_TYPE}. */
export type InteractionType = (typeof INTERACTION_TYPE)[keyof typeof INTERACTION_TYPE];

/** How long Discord accepts an interaction's token for follow-ups and edits, from the interaction's creation. */
export const INTERACTION_TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** The user who invoked a command. */
export interface InteractionUser {
  readonly id: Snowflake;
  readonly username: string;
  /** Present only when Discord sent it. */
  readonly bot?: boolean;
}

/** A user an option names, as Discord resolved it: whether it is a bot, and a member of the guild. */
export interface ResolvedUser {
  readonly id: Snowflake;
  readonly bot: boolean;
  /** Discord sends member data only for users in the guild. */
  readonly member: boolean;
}

/** Users per interaction Discord can resolve: one per option at most. */
export const MAX_RESOLVED_USERS = 25;

/** The chat-input command invoked, with its option tree. */
export interface InvokedCommand {
  readonly name: string;
  readonly options: readonly CommandOption[];
  /** Version 2: the users the options name, as Discord resolved them. Absent in version 1 jobs. */
  readonly resolvedUsers?: readonly ResolvedUser[];
}

/**
 * A slash command invoked in a guild, as the gateway enqueues it on the `interactions` queue. Version 2 adds
 * `command.resolvedUsers` and may carry `guild`; workers read both versions, so deploy workers before gateways.
 */
export interface InteractionJob {
  readonly kind: 'interaction';
  readonly v: 1 | 2;
  /** The interaction id; also the idempotency key of everything the command does. */
  readonly id: Snowflake;
  readonly applicationId: Snowflake;
  /** Authorises the callback and webhook edits; a secret, never logged. */
  readonly token: string;
  readonly type: InteractionType;
  readonly guildId: Snowflake;
  readonly channelId: Snowflake;
  readonly user: InteractionUser;
  /** The invoking member's permissions in the channel: a decimal bitfield string. */
  readonly memberPermissions: string;
  readonly command: InvokedCommand;
  /** The invoking user's client locale. */
  readonly locale: string;
  /** The guild's preferred locale, when Discord sent it. */
  readonly guildLocale?: string;
  /** The guild's name and member count, when the gateway knows them (for rendering, e.g. `/welcome preview`). */
  readonly guild?: GuildGlance;
  readonly shardId: number;
  /** When the gateway received the dispatch, Unix ms. */
  readonly receivedAtMs: number;
  /** When Discord created the interaction (from its id), Unix ms; the 3-second acknowledgement clock starts here. */
  readonly createdAtMs: number;
  /** When the token dies: `createdAtMs` + {@link INTERACTION_TOKEN_LIFETIME_MS}. A job past this is dropped. */
  readonly expiresAtMs: number;
  /** The enqueuing span's trace context, when the gateway traces; absent in older jobs. */
  readonly trace?: TraceCarrier;
}

/**
 * The zod schema of {@link InteractionJob}: strict objects, bounded sizes, and times consistent with the id.
 * Prefer {@link parseInteractionJob}, which also screens nesting depth and size and names fields in its errors.
 */
export const interactionJobSchema: z.ZodType<InteractionJob> = z
  .strictObject(
    {
      kind: z.literal('interaction', expecting('"interaction"')),
      v: z.literal([1, 2], expecting('1 or 2')),
      id: snowflakeSchema(),
      applicationId: snowflakeSchema(),
      token: interactionTokenSchema,
      type: z.literal(Object.values(INTERACTION_TYPE), expecting('2 (APPLICATION_COMMAND)')),
      guildId: snowflakeSchema(),
      channelId: snowflakeSchema(),
      user: z.strictObject(
        {
          id: snowflakeSchema(),
          username: usernameSchema,
          bot: z.boolean(expecting('a boolean')).exactOptional(),
        },
        expecting('an object'),
      ),
      memberPermissions: permissionsSchema,
      command: z.strictObject(
        {
          name: commandNameSchema,
          options: commandOptionsSchema('job'),
          resolvedUsers: z
            .array(
              z.strictObject(
                {
                  id: snowflakeSchema(),
                  bot: z.boolean(expecting('a boolean')),
                  member: z.boolean(expecting('a boolean')),
                },
                expecting('a resolved user (object)'),
              ),
              expecting(`an array of at most ${MAX_RESOLVED_USERS} resolved users`),
            )
            .max(MAX_RESOLVED_USERS, expecting(`an array of at most ${MAX_RESOLVED_USERS} resolved users`))
            .exactOptional(),
        },
        expecting('an object'),
      ),
      locale: localeSchema,
      guildLocale: localeSchema.exactOptional(),
      guild: guildGlanceSchema.exactOptional(),
      shardId: shardIdSchema,
      receivedAtMs: timestampMsSchema,
      createdAtMs: timestampMsSchema,
      expiresAtMs: timestampMsSchema,
      trace: traceCarrierSchema.exactOptional(),
    },
    expecting('an interaction job (object)'),
  )
  .superRefine((job, ctx) => {
    if (job.v === 1 && job.command.resolvedUsers !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['command', 'resolvedUsers'],
        message: 'expected none in version 1',
      });
    }
    // zod runs this even when a field failed a refinement, so the id may not be a snowflake yet.
    if (!isSnowflake(job.id)) return;
    // Derived fields are checked, not trusted: a wrong expiry would make the worker answer a dead token.
    const createdAtMs = snowflakeToTimestampMs(job.id);
    if (job.createdAtMs !== createdAtMs) {
      ctx.addIssue({
        code: 'custom',
        path: ['createdAtMs'],
        message: `expected ${createdAtMs}, the time in id`,
      });
    }
    if (job.expiresAtMs !== job.createdAtMs + INTERACTION_TOKEN_LIFETIME_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['expiresAtMs'],
        message: `expected createdAtMs + ${INTERACTION_TOKEN_LIFETIME_MS}`,
      });
    }
  });

/** Validates an interaction job taken off a queue. Never throws on bad input. */
export function parseInteractionJob(input: unknown): ContractResult<InteractionJob> {
  return parseWithSchema(interactionJobSchema, input);
}
