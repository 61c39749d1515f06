const UNITS = [
  { ms: 86_400_000, label: 'd' },
  { ms: 3_600_000, label: 'h' },
  { ms: 60_000, label: 'min' },
  { ms: 1_000, label: 's' },
] as const;

/**
 * A duration in at most its two largest units, rounded up so "time left" never claims less than there is:
 * `4 h 12 min`, `1 d 3 h`, `45 s`. Anything under a second reads `1 s`.
 */
export function formatDuration(ms: number): string {
  const seconds = Math.max(1_000, Math.ceil(ms / 1_000) * 1_000);
  const first = largestUnitIndex(seconds);
  const second = UNITS[first + 1];
  // Round up to the smaller unit shown; that can carry into a larger unit (23 h 59 min 30 s → 1 d).
  const total = second ? Math.ceil(seconds / second.ms) * second.ms : seconds;
  const i = largestUnitIndex(total);
  const big = UNITS[i]!;
  const count = Math.floor(total / big.ms);
  const next = UNITS[i + 1];
  const rest = next ? Math.round((total - count * big.ms) / next.ms) : 0;
  return next && rest > 0 ? `${count} ${big.label} ${rest} ${next.label}` : `${count} ${big.label}`;
}

function largestUnitIndex(ms: number): number {
  const i = UNITS.findIndex((u) => ms >= u.ms);
  return i === -1 ? UNITS.length - 1 : i;
}

/** A Discord timestamp tag each reader sees in their own time zone, e.g. `<t:1700000000:R>` ("in 4 hours"). */
export function discordTimestamp(ms: number, style: 'R' | 'f' | 'd' | 't' = 'R'): string {
  return `<t:${Math.floor(ms / 1000)}:${style}>`;
}
