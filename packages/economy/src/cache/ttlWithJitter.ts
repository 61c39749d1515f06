/**
 * `baseMs` moved by a uniform ±`ratio`, as whole milliseconds of at least 1: entries filled in the same
 * burst then expire spread out instead of all missing at once.
 */
export function ttlWithJitter(baseMs: number, ratio: number, random: () => number): number {
  const factor = 1 + ratio * (2 * random() - 1);
  return Math.max(1, Math.round(baseMs * factor));
}
