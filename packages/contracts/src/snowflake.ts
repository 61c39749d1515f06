/** Unix time in milliseconds of 2015-01-01T00:00:00Z, where the clock inside every Discord snowflake starts. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

/**
 * A Discord id: an unsigned 64-bit snowflake written as a decimal string of 17 to 20 digits. A plain string
 * alias so fixtures stay literals; {@link isSnowflake} is the check.
 */
export type Snowflake = string;

const MAX_UINT64 = (1n << 64n) - 1n;
// The low 22 bits are worker, process and increment; everything above is milliseconds since the epoch.
const TIMESTAMP_SHIFT = 22n;
const MAX_LOW_BITS = (1 << 22) - 1;
// No leading zero: one id has exactly one spelling, so job ids and dedupe keys built from it cannot diverge.
const SNOWFLAKE_PATTERN = /^[1-9]\d{16,19}$/;

/** Whether `value` is a snowflake: a canonical decimal string of 17 to 20 digits that fits in 64 bits. */
export function isSnowflake(value: unknown): value is Snowflake {
  // BigInt, not Number: ids above 2^53 would round and two users would compare equal.
  return typeof value === 'string' && SNOWFLAKE_PATTERN.test(value) && BigInt(value) <= MAX_UINT64;
}

/**
 * Throws a `TypeError` naming `name` unless `value` is a snowflake. For arguments a caller must have
 * validated already; untrusted input goes through the job parsers instead.
 */
export function assertSnowflake(value: unknown, name: string): asserts value is Snowflake {
  if (!isSnowflake(value)) {
    throw new TypeError(
      `${name} must be a snowflake (decimal string of 17 to 20 digits), got ${describe(value)}`,
    );
  }
}

/** The creation time encoded in a snowflake, in Unix milliseconds. Throws a `TypeError` for a non-snowflake. */
export function snowflakeToTimestampMs(id: Snowflake): number {
  assertSnowflake(id, 'id');
  // At most 2^42 after the shift, so the conversion to Number is exact.
  return Number(BigInt(id) >> TIMESTAMP_SHIFT) + DISCORD_EPOCH_MS;
}

/**
 * The snowflake created at `timestampMs`, with `lowBits` (0 to 2^22 - 1) in the worker/process/increment bits
 * so a simulator can mint distinct ids in the same millisecond. Throws a `RangeError` for a time before the
 * first 17-digit snowflake (late January 2015) or out of range bits.
 */
export function timestampToSnowflake(timestampMs: number, lowBits = 0): Snowflake {
  if (!Number.isSafeInteger(timestampMs) || timestampMs < DISCORD_EPOCH_MS) {
    throw new RangeError(
      `timestampMs must be whole milliseconds not before the Discord epoch, got ${timestampMs}`,
    );
  }
  if (!Number.isSafeInteger(lowBits) || lowBits < 0 || lowBits > MAX_LOW_BITS) {
    throw new RangeError(`lowBits must be an integer from 0 to ${MAX_LOW_BITS}, got ${lowBits}`);
  }
  const id = ((BigInt(timestampMs - DISCORD_EPOCH_MS) << TIMESTAMP_SHIFT) | BigInt(lowBits)).toString();
  if (!isSnowflake(id)) {
    throw new RangeError(`timestampMs ${timestampMs} does not give a 17 to 20 digit snowflake`);
  }
  return id;
}

/**
 * The shard that receives a guild's events: `(guildId >> 22) % totalShards`, as Discord routes them. Throws a
 * `TypeError` for a non-snowflake id and a `RangeError` unless `totalShards` is a positive integer.
 */
export function shardIdForGuild(guildId: Snowflake, totalShards: number): number {
  assertSnowflake(guildId, 'guildId');
  if (typeof totalShards !== 'number') {
    throw new TypeError(`totalShards must be a number, got ${describe(totalShards)}`);
  }
  if (!Number.isSafeInteger(totalShards) || totalShards < 1) {
    throw new RangeError(`totalShards must be a positive integer, got ${totalShards}`);
  }
  return Number((BigInt(guildId) >> TIMESTAMP_SHIFT) % BigInt(totalShards));
}

function describe(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'bigint':
      return `${value}n`;
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return value.toString();
    case 'function':
      return 'a function';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}
