import { isSnowflake } from '@droas/contracts';
import { formatNumber } from '../money/formatAmount.js';
import type { OptionTree } from '@droas/contracts';
import { accepted, describeValue, rejected, type OptionResult } from './optionResult.js';

const USER = 6;
const STRING = 3;
const INTEGER = 4;

/** A required user option's id. */
export function readUserOption(inv: OptionTree, name: string): OptionResult<string>;
/** An optional user option's id, undefined when not given. */
export function readUserOption(
  inv: OptionTree,
  name: string,
  optional: 'optional',
): OptionResult<string | undefined>;
export function readUserOption(
  inv: OptionTree,
  name: string,
  optional?: 'optional',
): OptionResult<string | undefined> {
  const option = inv.options.get(name);
  if (option === undefined)
    return optional ? accepted(undefined) : rejected(`\`${name}\` is missing: pick a member.`);
  if (option.type !== USER || !isSnowflake(option.value)) {
    return rejected(`\`${name}\` must be a member of this server, not ${describeValue(option.value)}.`);
  }
  return accepted(option.value);
}

export interface TextRule {
  /** In characters (code points, as Postgres counts them). @defaultValue 1 */
  minChars?: number;
  maxChars: number;
  /** Refuse line breaks (names, symbols). @defaultValue false */
  singleLine?: boolean;
}

/** A required text option, trimmed. */
export function readTextOption(inv: OptionTree, name: string, rule: TextRule): OptionResult<string>;
/** An optional text option, trimmed; undefined when not given. */
export function readTextOption(
  inv: OptionTree,
  name: string,
  rule: TextRule,
  optional: 'optional',
): OptionResult<string | undefined>;
export function readTextOption(
  inv: OptionTree,
  name: string,
  rule: TextRule,
  optional?: 'optional',
): OptionResult<string | undefined> {
  const minChars = rule.minChars ?? 1;
  const expected = `text of ${minChars} to ${rule.maxChars} characters`;
  const option = inv.options.get(name);
  if (option === undefined)
    return optional ? accepted(undefined) : rejected(`\`${name}\` is missing: give ${expected}.`);
  if (option.type !== STRING || typeof option.value !== 'string') {
    return rejected(`\`${name}\` must be ${expected}, not ${describeValue(option.value)}.`);
  }
  const text = option.value.trim();
  const chars = [...text].length;
  if (chars < minChars || chars > rule.maxChars) {
    return rejected(`\`${name}\` must be ${expected}; yours has ${formatNumber(chars)}.`);
  }
  if (rule.singleLine && /[\r\n\u2028\u2029]/.test(text)) {
    return rejected(`\`${name}\` must be a single line.`);
  }
  // Control characters other than line breaks have no business in a reply.
  if (/(?![\t\n\r])\p{Cc}/u.test(text)) {
    return rejected(`\`${name}\` contains control characters; use plain text.`);
  }
  return accepted(text);
}

/** A whole-number option that is not money (page numbers, minutes, days), within `[min, max]`. */
export function readCountOption(
  inv: OptionTree,
  name: string,
  range: { min: number; max: number },
): OptionResult<number | undefined> {
  const option = inv.options.get(name);
  if (option === undefined) return accepted(undefined);
  const expected = `a whole number from ${formatNumber(range.min)} to ${formatNumber(range.max)}`;
  const value = option.value;
  if (option.type !== INTEGER || typeof value !== 'number' || !Number.isSafeInteger(value)) {
    return rejected(`\`${name}\` must be ${expected}, not ${describeValue(value)}.`);
  }
  if (value < range.min || value > range.max)
    return rejected(`\`${name}\` must be ${expected}, not ${formatNumber(value)}.`);
  return accepted(value);
}
