import { formatNumber } from './format.js';

/** One line of a scenario's own results: `knee.ratePerSec` → `310`. */
export interface ScenarioResultRow {
  key: string;
  value: string;
}

/** Short lists of plain values are written out; longer ones are counted. */
const MAX_LISTED_VALUES = 8;

/**
 * A scenario's results (whatever shape the scenario chose) as key/value rows: nested objects become dotted
 * keys, arrays of objects (curves, samples) are summarised by their length, short lists of values are written
 * out. Generic on purpose: the report must not need a change for every new scenario.
 */
export function toScenarioResultRows(results: Record<string, unknown>): ScenarioResultRow[] {
  const rows: ScenarioResultRow[] = [];
  const visit = (key: string, value: unknown): void => {
    if (Array.isArray(value)) {
      rows.push({ key, value: describeArray(value) });
    } else if (typeof value === 'object' && value !== null) {
      const entries = Object.entries(value);
      if (entries.length === 0) rows.push({ key, value: '(empty)' });
      for (const [child, childValue] of entries) visit(`${key}.${child}`, childValue);
    } else {
      rows.push({ key, value: formatScalar(value) });
    }
  };
  for (const [key, value] of Object.entries(results)) visit(key, value);
  return rows;
}

function describeArray(values: readonly unknown[]): string {
  if (values.length === 0) return '(none)';
  const plain = values.every((v) => v === null || typeof v !== 'object');
  if (plain && values.length <= MAX_LISTED_VALUES) return values.map(formatScalar).join(', ');
  const noun = plain ? 'values' : 'points';
  return `${values.length} ${values.length === 1 ? noun.slice(0, -1) : noun}`;
}

function formatScalar(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  return `(${typeof value})`; // a function or symbol: not JSON, so not from a summary file
}
