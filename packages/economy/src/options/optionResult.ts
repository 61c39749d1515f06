import { formatNumber } from '../money/formatAmount.js';
import { quoteUserText } from '../text/escapeMarkdown.js';

/** An option read and checked, or the problem to tell the user (naming the option and what was expected). */
export type OptionResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** A successful {@link OptionResult}. */
export function accepted<T>(value: T): OptionResult<T> {
  return { ok: true, value };
}

/** A failed {@link OptionResult}. */
export function rejected(problem: string): OptionResult<never> {
  return { ok: false, problem };
}

/** How a received value reads in a refusal: quoted text, a grouped number, or its kind. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `“${quoteUserText(value, 40)}”`;
    case 'number':
      return Number.isFinite(value) && Number.isInteger(value) ? formatNumber(value) : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return formatNumber(value);
    case 'undefined':
      return 'nothing';
    case 'object':
      return value === null ? 'nothing' : Array.isArray(value) ? 'a list' : 'an object';
    case 'function':
    case 'symbol':
      return `a ${typeof value}`;
  }
}
