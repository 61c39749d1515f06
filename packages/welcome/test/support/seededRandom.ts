import { seededRandom as testkitRandom } from '@droas/testkit';
// Test support, not part of the public API: a seeded generator, so a failing property test names a seed
// that reproduces it.

/** A random source: `next()` in [0, 1). */
export interface Random {
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** testkit's seeded generator, with the helpers these tests use. */
export function seededRandom(seed: number): Random {
  const next = testkitRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
