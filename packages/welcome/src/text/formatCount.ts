/** The largest count a placeholder shows; more is shown as this. Discord's biggest servers are far below. */
export const MAX_SHOWN_COUNT = 999_999_999;

// Fixed en-US grouping: greetings are English, read by members of every locale.
const grouping = new Intl.NumberFormat('en-US', { useGrouping: true, maximumFractionDigits: 0 });

/** A count with thousands separators, clamped to `0…MAX_SHOWN_COUNT`: `1234` → `1,234`. */
export function formatCount(count: number): string {
  return grouping.format(clampCount(count));
}

/** A position with its English ordinal suffix: `1` → `1st`, `12` → `12th`, `1234` → `1,234th`. */
export function formatOrdinal(position: number): string {
  const n = clampCount(position);
  const lastTwo = n % 100;
  const last = n % 10;
  const suffix =
    lastTwo >= 11 && lastTwo <= 13 ? 'th' : last === 1 ? 'st' : last === 2 ? 'nd' : last === 3 ? 'rd' : 'th';
  return `${formatCount(n)}${suffix}`;
}

function clampCount(count: number): number {
  if (!Number.isFinite(count) || count < 0) return 0;
  return Math.min(Math.floor(count), MAX_SHOWN_COUNT);
}
