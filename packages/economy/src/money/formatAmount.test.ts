import { formatAmount, formatDelta, formatNumber } from './formatAmount';

const coins = { name: 'coins', symbol: '🪙' };

describe('formatAmount', () => {
  it('groups thousands, exactly, beyond 2^53', () => {
    expect(formatNumber(0n)).toBe('0');
    expect(formatNumber(1234567n)).toBe('1,234,567');
    expect(formatNumber(2n ** 63n - 1n)).toBe('9,223,372,036,854,775,807');
    expect(formatNumber(-1500)).toBe('-1,500');
  });

  it('writes amounts with the guild symbol and name', () => {
    expect(formatAmount(1500n, coins)).toBe('🪙 1,500 coins');
    expect(formatAmount(7n, { name: 'gold_bars', symbol: '*' })).toBe('\\* 7 gold\\_bars');
  });

  it('lets custom emoji markup through untouched', () => {
    expect(formatAmount(1n, { name: 'gems', symbol: '<:gem:123456789012345678>' })).toBe(
      '<:gem:123456789012345678> 1 gems',
    );
  });

  it('signs deltas with a real minus sign', () => {
    expect(formatDelta(50n, coins)).toBe('+🪙 50 coins');
    expect(formatDelta(-1000n, coins)).toBe('−🪙 1,000 coins');
  });
});
