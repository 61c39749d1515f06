import { type ContractIssue, formatPath } from './contractError.js';

/**
 * Keys that reach `Object.prototype` or a constructor when copied onto a plain object. `JSON.parse` turns
 * `"__proto__"` into an ordinary own key, so such input can arrive through any queue or socket.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Far above anything Discord sends (an interaction nests about ten deep and holds a few hundred values),
// low enough that screening a hostile payload costs little and cannot overflow the stack.
const MAX_DEPTH = 32;
const MAX_VALUES = 10_000;

/**
 * Walks untrusted input before any schema sees it and returns the first hazard: a {@link FORBIDDEN_KEYS} key
 * at any depth (including fields the schemas would ignore), nesting deeper than 32 levels, or more than
 * 10,000 values. `undefined` means the input is safe to validate.
 */
export function screenInput(input: unknown): ContractIssue | undefined {
  const budget = { values: 0 };
  return visit(input, [], budget);
}

function visit(
  value: unknown,
  path: readonly PropertyKey[],
  budget: { values: number },
): ContractIssue | undefined {
  budget.values += 1;
  if (budget.values > MAX_VALUES) return { path: '(root)', message: `expected at most ${MAX_VALUES} values` };
  if (typeof value !== 'object' || value === null) return undefined;
  if (path.length >= MAX_DEPTH) {
    return { path: formatPath(path), message: `expected at most ${MAX_DEPTH} levels of nesting` };
  }
  const isArray = Array.isArray(value);
  for (const key of Object.keys(value)) {
    const childPath = [...path, isArray && /^\d+$/.test(key) ? Number(key) : key];
    if (FORBIDDEN_KEYS.has(key))
      return { path: formatPath(childPath), message: 'forbidden key (prototype pollution)' };
    const found = visit((value as Record<string, unknown>)[key], childPath, budget);
    if (found !== undefined) return found;
  }
  return undefined;
}
