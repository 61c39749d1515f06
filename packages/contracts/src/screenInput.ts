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
  // One path stack for the whole walk, copied only into a hazard's message: the gateway screens every
  // dispatch, and a fresh path array per key was a measurable share of its allocations.
  return visit(input, [], { values: 0 });
}

function visit(value: unknown, path: PropertyKey[], budget: { values: number }): ContractIssue | undefined {
  budget.values += 1;
  if (budget.values > MAX_VALUES) return { path: '(root)', message: `expected at most ${MAX_VALUES} values` };
  if (typeof value !== 'object' || value === null) return undefined;
  if (path.length >= MAX_DEPTH) {
    return { path: formatPath(path), message: `expected at most ${MAX_DEPTH} levels of nesting` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const found = visit(value[i], path, budget);
      path.pop();
      if (found !== undefined) return found;
    }
    // Arrays from JSON.parse have only index keys; anything else on one is screened like an object's key.
    if (Object.keys(value).length === value.length) return undefined;
  }
  for (const key of Object.keys(value)) {
    if (Array.isArray(value) && INDEX.test(key)) continue;
    if (FORBIDDEN_KEYS.has(key))
      return { path: formatPath([...path, key]), message: 'forbidden key (prototype pollution)' };
    path.push(key);
    const found = visit((value as Record<string, unknown>)[key], path, budget);
    path.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

const INDEX = /^\d+$/;
