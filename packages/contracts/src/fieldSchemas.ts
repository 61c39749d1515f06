import { z } from 'zod';
import { expecting } from './expecting.js';
import { FORBIDDEN_KEYS } from './screenInput.js';
import { DISCORD_EPOCH_MS, isSnowflake } from './snowflake.js';

// The leaf schemas every job and raw payload is built from. Each bounds its size, so no field can be absurd.

const SNOWFLAKE = 'a snowflake (decimal string of 17 to 20 digits)';

/** A Discord id; see {@link isSnowflake}. `what` replaces the default description in error messages. */
export function snowflakeSchema(what = SNOWFLAKE): z.ZodType<string> {
  return z.string(expecting(what)).refine(isSnowflake, expecting(what));
}

const TIMESTAMP = 'a Unix time in whole milliseconds, not before 2015';
// Later than this is not a valid Date.
const MAX_DATE_MS = 8_640_000_000_000_000;

/**
 * A point in time as whole Unix milliseconds. Nothing we handle predates the Discord epoch, so the lower bound
 * also catches seconds passed where milliseconds belong.
 */
export const timestampMsSchema = z
  .number(expecting(TIMESTAMP))
  .refine(
    (ms) => Number.isSafeInteger(ms) && ms >= DISCORD_EPOCH_MS && ms <= MAX_DATE_MS,
    expecting(TIMESTAMP),
  );

/** The id of the gateway shard that received an event. */
export const shardIdSchema = z
  .number(expecting('a shard id (non-negative integer)'))
  .refine((n) => Number.isSafeInteger(n) && n >= 0, expecting('a shard id (non-negative integer)'));

/**
 * An interaction token. Discord's are a few hundred URL-safe characters; the token goes into REST paths, so a
 * slash or a dot segment (`..`) would change which route we call.
 */
export const interactionTokenSchema = z
  .string(expecting('an interaction token (1 to 1024 URL-safe characters)'))
  .regex(/^(?!\.+$)[\w.~-]{1,1024}$/, expecting('an interaction token (1 to 1024 URL-safe characters)'));

/**
 * A username. Discord caps them at 32 characters; 128 UTF-16 units leaves room for astral characters and
 * legacy names so no real event is rejected, while absurd ones are.
 */
export const usernameSchema = z
  .string(expecting('a username of 1 to 128 characters'))
  .min(1, expecting('a username of 1 to 128 characters'))
  .max(128, expecting('a username of 1 to 128 characters'));

/** A Discord locale such as `en-US`, `fr` or `es-419`. */
export const localeSchema = z
  .string(expecting('a locale such as en-US'))
  .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?$/, expecting('a locale such as en-US'));

/**
 * A permission bitfield as Discord sends it: a decimal string. Kept a string because the bits already pass
 * 2^53 and Discord documents the field as growing.
 */
export const permissionsSchema = z
  .string(expecting('a permission bitfield (decimal string of 1 to 20 digits)'))
  .regex(/^\d{1,20}$/, expecting('a permission bitfield (decimal string of 1 to 20 digits)'));

const NAME = "a command or option name (1 to 32 letters, digits, - _ or ')";

/**
 * A chat-input command or option name, by Discord's pattern. Names become map keys in handlers, so the
 * prototype-polluting ones are refused even though Discord's pattern would allow `__proto__`.
 */
export const commandNameSchema = z
  .string(expecting(NAME))
  .regex(/^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u, expecting(NAME))
  .refine((name) => !FORBIDDEN_KEYS.has(name), expecting(NAME));

const ISO_TIMESTAMP = 'an ISO 8601 timestamp since 2015, such as 2025-01-01T00:00:00.000Z';
const ISO_TIMESTAMP_PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * An ISO 8601 timestamp as Discord writes it (`2025-01-01T00:00:00.000Z`, or microseconds and `+00:00`),
 * parsed to whole Unix milliseconds. Sub-millisecond digits are dropped, so one string always gives one time
 * (job ids contain it).
 */
export const isoTimestampMsSchema = z
  .string(expecting(ISO_TIMESTAMP))
  .max(64, expecting(ISO_TIMESTAMP))
  .transform((text, ctx) => {
    const ms = parseIsoTimestampMs(text);
    if (ms === undefined || ms < DISCORD_EPOCH_MS) {
      ctx.issues.push({ code: 'custom', message: `expected ${ISO_TIMESTAMP}`, input: text });
      return z.NEVER;
    }
    return ms;
  });

function parseIsoTimestampMs(text: string): number | undefined {
  const match = ISO_TIMESTAMP_PATTERN.exec(text);
  if (match === null) return undefined;
  const [, dateTime, fraction = '', zone] = match;
  // Date.parse is only specified for exactly three fractional digits; anything else is engine-defined.
  const ms = Date.parse(`${dateTime}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  return Number.isSafeInteger(ms) ? ms : undefined;
}
