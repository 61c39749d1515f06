import type { OptionTree, ReceivedOption } from '@droas/contracts';
import { parseAmount } from './parseAmount';

function inv(amount?: ReceivedOption): OptionTree {
  return { path: [], options: new Map(amount ? [['amount', amount]] : []) };
}
const int = (value: unknown): ReceivedOption => ({ type: 4, value });

describe('parseAmount', () => {
  it('reads a whole positive amount as an exact bigint', () => {
    expect(parseAmount(inv(int(1)), 'amount', 1n)).toEqual({ ok: true, value: 1n });
    expect(parseAmount(inv(int(Number.MAX_SAFE_INTEGER)), 'amount', 1n)).toEqual({
      ok: true,
      value: 9007199254740991n,
    });
  });

  it.each([
    ['zero', 0, '`amount` must be a whole number of at least 1, not 0.'],
    ['a negative amount', -5, '`amount` must be a whole number of at least 1, not -5.'],
    ['a fraction', 2.5, '`amount` must be a whole number of at least 1, not 2.5.'],
    ['NaN', Number.NaN, '`amount` must be a whole number of at least 1, not NaN.'],
    ['a numeric string', '100', '`amount` must be a whole number of at least 1, not “100”.'],
    ['text', 'abc', '`amount` must be a whole number of at least 1, not “abc”.'],
    ['null', null, '`amount` must be a whole number of at least 1, not nothing.'],
  ])('refuses %s, naming the option and what was expected', (_what, value, problem) => {
    expect(parseAmount(inv(int(value)), 'amount', 1n)).toEqual({ ok: false, problem });
  });

  it.each([
    ['2^53 + 1 (which JSON already rounded to 2^53)', 2 ** 53 + 1],
    ['2^63', 2 ** 63],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s rather than act on a rounded number', (_what, value) => {
    const result = parseAmount(inv(int(value)), 'amount', 1n);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.problem).toMatch(/^`amount` (is too large to handle exactly|must be a whole)/);
  });

  it('refuses an option of another type even when its value looks right', () => {
    expect(parseAmount(inv({ type: 3, value: 5 }), 'amount', 1n)).toEqual({
      ok: false,
      problem: '`amount` must be a whole number of at least 1, not 5.',
    });
  });

  it('says what to give when the option is missing', () => {
    expect(parseAmount(inv(), 'amount', 1n)).toEqual({
      ok: false,
      problem: '`amount` is missing: give a whole number of at least 1.',
    });
  });

  it('accepts 0 where the minimum is 0 (setting a balance), and still refuses negatives', () => {
    expect(parseAmount(inv(int(0)), 'amount', 0n)).toEqual({ ok: true, value: 0n });
    expect(parseAmount(inv(int(-1)), 'amount', 0n)).toEqual({
      ok: false,
      problem: '`amount` must be a whole number of 0 or more, not -1.',
    });
  });

  it('quotes hostile text escaped and shortened', () => {
    const result = parseAmount(inv(int('**@everyone** ' + 'x'.repeat(100))), 'amount', 1n);
    expect(result).toEqual({
      ok: false,
      problem: expect.stringContaining('“\\*\\*@everyone\\*\\* xxxxxxxxxxxxxxxxxxxxxxxxx…”') as unknown,
    });
  });
});
