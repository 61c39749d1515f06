import { decodeOutcome, encodeOutcome } from './jsonCodec';
import { sortSnowflakes } from './ensureAccounts';

describe('outcome codec', () => {
  it('round-trips bigints beyond 2^53 exactly', () => {
    const outcome = { status: 'applied', amount: 2n ** 63n - 1n, nested: [{ b: 9007199254740993n }], n: 5 };
    expect(decodeOutcome(encodeOutcome(outcome))).toEqual(outcome);
  });

  it('decodes what postgres.js hands back for jsonb (an object)', () => {
    expect(decodeOutcome({ amount: { $bigint: '12' } })).toEqual({ amount: 12n });
  });
});

describe('sortSnowflakes', () => {
  it('orders numerically, not as strings, and drops duplicates', () => {
    expect(sortSnowflakes(['900000000000000010', '99999999999999999', '900000000000000010'])).toEqual([
      '99999999999999999',
      '900000000000000010',
    ]);
  });
});
