import { ttlWithJitter } from './ttlWithJitter';

describe('ttlWithJitter', () => {
  it('spreads a TTL uniformly within ±ratio', () => {
    expect(ttlWithJitter(10_000, 0.1, () => 0)).toBe(9_000);
    expect(ttlWithJitter(10_000, 0.1, () => 0.5)).toBe(10_000);
    expect(ttlWithJitter(10_000, 0.1, () => 0.999_999)).toBe(11_000);
  });

  it('never returns less than 1 ms', () => {
    expect(ttlWithJitter(1, 1, () => 0)).toBe(1);
  });
});
