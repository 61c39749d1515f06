/**
 * The largest amount a Discord integer option can carry exactly (2^53 − 1). Definitions declare it as
 * `max_value`; the guild's own maximum is usually far lower and is checked per guild.
 */
export const MAX_OPTION_AMOUNT = Number.MAX_SAFE_INTEGER;

/** The longest note or reason, as `ledger_entries.reason` allows. */
export const MAX_REASON_CHARS = 200;

/** Discord's guild-only interaction context. */
export const GUILD_ONLY = [0] as const;
