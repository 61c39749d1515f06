import { formatNumber } from './formatAmount.js';
import type { OptionTree } from '@droas/contracts';
import { accepted, describeValue, rejected, type OptionResult } from '../options/optionResult.js';

const INTEGER = 4;

/**
 * Reads a money option as a bigint. Discord sends integer options as JSON numbers, exact only up to 2^53, and
 * the contract already refuses unsafe integers; this checks again, because a rounded amount must never move
 * money. Refuses a missing option, any non-integer, a value beyond 2^53 − 1 and a value below `min`, each
 * with a message naming the option and what was expected. The guild's maximum is checked where the balance
 * is known, under the account's lock.
 */
export function parseAmount(inv: OptionTree, name: string, min: 0n | 1n): OptionResult<bigint> {
  const expected = min === 0n ? 'a whole number of 0 or more' : 'a whole number of at least 1';
  const option = inv.options.get(name);
  if (option === undefined) return rejected(`\`${name}\` is missing: give ${expected}.`);
  const value = option.value;
  if (option.type !== INTEGER || typeof value !== 'number' || !Number.isInteger(value)) {
    return rejected(`\`${name}\` must be ${expected}, not ${describeValue(value)}.`);
  }
  if (!Number.isSafeInteger(value)) {
    // Already rounded by JSON.parse, so the number we hold is not the one that was sent: never act on it.
    return rejected(
      `\`${name}\` is too large to handle exactly: give ${expected}, at most ${formatNumber(Number.MAX_SAFE_INTEGER)}.`,
    );
  }
  const amount = BigInt(value);
  if (amount < min) return rejected(`\`${name}\` must be ${expected}, not ${formatNumber(value)}.`);
  return accepted(amount);
}
