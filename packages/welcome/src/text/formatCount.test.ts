import { MAX_SHOWN_COUNT, formatCount, formatOrdinal } from './formatCount';

describe('formatCount and formatOrdinal', () => {
  it('groups thousands and clamps to 0…999,999,999', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12.9)).toBe('12');
    expect(formatCount(-5)).toBe('0');
    expect(formatCount(Number.NaN)).toBe('0');
    expect(formatCount(5e12)).toBe('999,999,999');
    expect(formatCount(MAX_SHOWN_COUNT)).toHaveLength(11);
  });

  it('writes English ordinals, with 11th to 13th', () => {
    const cases: [number, string][] = [
      [1, '1st'],
      [2, '2nd'],
      [3, '3rd'],
      [4, '4th'],
      [11, '11th'],
      [12, '12th'],
      [13, '13th'],
      [21, '21st'],
      [22, '22nd'],
      [101, '101st'],
      [111, '111th'],
      [1234, '1,234th'],
      [0, '0th'],
    ];
    for (const [n, text] of cases) expect(formatOrdinal(n)).toBe(text);
    expect(formatOrdinal(1e12)).toBe('999,999,999th');
  });
});
