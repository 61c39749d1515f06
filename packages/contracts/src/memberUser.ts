import { z } from 'zod';
import { expecting } from './expecting.js';
import { snowflakeSchema, timestampMsSchema, usernameSchema } from './fieldSchemas.js';
import { type Snowflake, isSnowflake, snowflakeToTimestampMs } from './snowflake.js';

/** A member's user, as member events carry it. */
export interface MemberUser {
  readonly id: Snowflake;
  readonly username: string;
  /** The display name the member chose, when they did (version 2). */
  readonly globalName?: string;
  /** The avatar's hash, when the user has one (version 2): the avatar URL is built from it. */
  readonly avatar?: string;
  /** Whether the account is a bot; `false` when Discord left the flag out. */
  readonly bot: boolean;
  /** When the account was created (from its id), Unix ms: the input to minimum-account-age rules. */
  readonly createdAtMs: number;
}

/** The guild as the gateway knows it when the event arrives (from GUILD_CREATE, kept up by joins and leaves). */
export interface GuildGlance {
  readonly name: string;
  /** Members after this event. */
  readonly memberCount: number;
}

/** An avatar hash: 32 hex digits, `a_` in front for an animated one. */
export const avatarHashSchema = z
  .string(expecting('an avatar hash'))
  .regex(/^(a_)?[0-9a-f]{32}$/, expecting('an avatar hash'));

export const memberUserSchema = z.strictObject(
  {
    id: snowflakeSchema(),
    username: usernameSchema,
    globalName: usernameSchema.exactOptional(),
    avatar: avatarHashSchema.exactOptional(),
    bot: z.boolean(expecting('a boolean')),
    createdAtMs: timestampMsSchema,
  },
  expecting('an object'),
);

export const guildGlanceSchema = z.strictObject(
  {
    name: z
      .string(expecting('a guild name of 1 to 100 characters'))
      .min(1, expecting('a guild name of 1 to 100 characters'))
      .max(100, expecting('a guild name of 1 to 100 characters')),
    memberCount: z
      .number(expecting('a member count'))
      .refine((n) => Number.isSafeInteger(n) && n >= 0, expecting('a member count')),
  },
  expecting('an object'),
);

/** The raw `user` of a member event, as Discord sends it; not strict, as Discord adds fields. */
export const rawMemberUserSchema = z.object(
  {
    id: snowflakeSchema(),
    username: usernameSchema,
    global_name: usernameSchema.nullable().optional(),
    avatar: avatarHashSchema.nullable().optional(),
    bot: z.boolean(expecting('a boolean')).optional(),
  },
  expecting('an object'),
);

/** A raw user as a {@link MemberUser}. */
export function toMemberUser(raw: z.infer<typeof rawMemberUserSchema>): MemberUser {
  return {
    id: raw.id,
    username: raw.username,
    ...(raw.global_name != null && { globalName: raw.global_name }),
    ...(raw.avatar != null && { avatar: raw.avatar }),
    bot: raw.bot ?? false,
    createdAtMs: snowflakeToTimestampMs(raw.id),
  };
}

/** The check every member job makes: the creation time is the one in the id, not a forged one. */
export function checkCreatedAt(
  user: { id: string; createdAtMs: number },
  addIssue: (issue: { code: 'custom'; path: (string | number)[]; message: string }) => void,
): void {
  // zod runs this even when a field failed a refinement, so the id may not be a snowflake yet.
  if (!isSnowflake(user.id)) return;
  // Account-age rules read this field; a forged value would let a fresh raid account through.
  const createdAtMs = snowflakeToTimestampMs(user.id);
  if (user.createdAtMs !== createdAtMs) {
    addIssue({
      code: 'custom',
      path: ['user', 'createdAtMs'],
      message: `expected ${createdAtMs}, the time in user.id`,
    });
  }
}
