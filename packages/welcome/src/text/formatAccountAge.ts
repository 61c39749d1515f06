const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
// Whole days over 365: a day early once in four years, never a year late.
const YEAR_DAYS = 365;
const MAX_YEARS = 999;

/** The longest text {@link formatAccountAge} returns. */
export const MAX_ACCOUNT_AGE_CHARS = 'less than a minute'.length;

/**
 * How old an account is, in its largest whole unit, rounded down: `less than a minute`, `5 minutes`,
 * `1 hour`, `3 days`, `2 months`, `2 years`. A negative age (clock skew) reads as less than a minute; ages
 * past 999 years are shown as 999 years.
 */
export function formatAccountAge(ageMs: number): string {
  const ms = Number.isFinite(ageMs) ? Math.max(0, ageMs) : 0;
  if (ms < MINUTE_MS) return 'less than a minute';
  if (ms < HOUR_MS) return plural(Math.floor(ms / MINUTE_MS), 'minute');
  if (ms < DAY_MS) return plural(Math.floor(ms / HOUR_MS), 'hour');
  const days = Math.floor(ms / DAY_MS);
  if (days < 30) return plural(days, 'day');
  if (days < 365) return plural(Math.min(11, Math.floor(days / 30)), 'month');
  return plural(Math.min(MAX_YEARS, Math.max(1, Math.floor(days / YEAR_DAYS))), 'year');
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}
