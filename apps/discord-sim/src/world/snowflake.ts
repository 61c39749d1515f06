import type { Clock } from './clock.js';

/** Milliseconds of 2015-01-01, the zero of every Discord snowflake's timestamp. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;

/**
 * What an id names. Stored in the snowflake's 10 worker/process bits so an id can be decoded back into the
 * entity it denotes without keeping the entity in memory (population.ts relies on this).
 */
export const IdKind = {
  generated: 0,
  guild: 1,
  channel: 2,
  role: 3,
  user: 4,
  bot: 5,
  dmChannel: 6,
} as const;
export type IdKind = (typeof IdKind)[keyof typeof IdKind];

export interface DecodedId {
  timestampMs: number;
  kind: number;
  increment: number;
}

/** Builds a snowflake from its parts; `timestampMs` is Unix time. */
export function composeId(timestampMs: number, kind: number, increment: number): string {
  const ts = BigInt(timestampMs - DISCORD_EPOCH_MS);
  return ((ts << 22n) | (BigInt(kind & 0x3ff) << 12n) | BigInt(increment & 0xfff)).toString();
}

const SNOWFLAKE = /^\d{17,20}$/;

export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value);
}

/** Splits a snowflake, or returns undefined for anything that is not one. */
export function decodeId(id: string): DecodedId | undefined {
  if (!SNOWFLAKE.test(id)) return undefined;
  const n = BigInt(id);
  return {
    timestampMs: Number(n >> 22n) + DISCORD_EPOCH_MS,
    kind: Number((n >> 12n) & 0x3ffn),
    increment: Number(n & 0xfffn),
  };
}

/** Discord's shard formula: `(guild_id >> 22) % num_shards`. Events without a guild go to shard 0. */
export function shardOf(guildId: string | null | undefined, shardCount: number): number {
  if (guildId == null || shardCount <= 1) return 0;
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Unique, increasing snowflakes for runtime objects (messages, interactions, commands). */
export class SnowflakeGenerator {
  #lastMs = 0;
  #increment = 0;

  constructor(private readonly clock: Clock) {}

  next(): string {
    let ms = this.clock.now();
    if (ms <= this.#lastMs) {
      ms = this.#lastMs;
      this.#increment += 1;
      // 4,096 ids per millisecond; past that, borrow the next millisecond rather than repeat an id.
      if (this.#increment > 0xfff) {
        ms += 1;
        this.#increment = 0;
      }
    } else {
      this.#increment = 0;
    }
    this.#lastMs = ms;
    return composeId(ms, IdKind.generated, this.#increment);
  }
}
