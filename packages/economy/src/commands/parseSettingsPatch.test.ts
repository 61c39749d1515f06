import type { OptionTree, ReceivedOption } from '@droas/contracts';
import { parseSettingsPatch } from './parseSettingsPatch';

function inv(options: Record<string, ReceivedOption>): OptionTree {
  return { path: ['settings'], options: new Map(Object.entries(options)) };
}
const int = (value: unknown): ReceivedOption => ({ type: 4, value });
const text = (value: unknown): ReceivedOption => ({ type: 3, value });

describe('parseSettingsPatch', () => {
  it('is empty without options (show the settings)', () => {
    expect(parseSettingsPatch(inv({}))).toEqual({ ok: true, value: {} });
  });

  it('maps each option to its setting, in the units the database stores', () => {
    const result = parseSettingsPatch(
      inv({
        currency_name: text(' gold '),
        currency_symbol: text('💰'),
        starting_balance: int(0),
        daily_amount: int(250),
        daily_cooldown_minutes: int(1440),
        streak_bonus: int(25),
        streak_max_days: int(7),
        max_balance: int(1_000_000),
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        currencyName: 'gold',
        currencySymbol: '💰',
        startingBalance: 0n,
        dailyAmount: 250n,
        dailyCooldownSeconds: 86_400,
        dailyStreakBonus: 25n,
        dailyStreakMaxDays: 7,
        maxBalance: 1_000_000n,
      },
    });
  });

  it.each([
    [{ max_balance: int(0) }, '`max_balance` must be a whole number of at least 1, not 0.'],
    [{ daily_amount: int(-1) }, '`daily_amount` must be a whole number of 0 or more, not -1.'],
    [
      { daily_cooldown_minutes: int(0) },
      '`daily_cooldown_minutes` must be a whole number from 1 to 43,200, not 0.',
    ],
    [{ streak_max_days: int(366) }, '`streak_max_days` must be a whole number from 1 to 365, not 366.'],
    [
      { currency_name: text('x'.repeat(33)) },
      '`currency_name` must be text of 1 to 32 characters; yours has 33.',
    ],
    [{ currency_symbol: text('a\nb') }, '`currency_symbol` must be a single line.'],
    [
      { starting_balance: int(2 ** 60) },
      expect.stringMatching(/^`starting_balance` is too large/) as unknown,
    ],
  ])('refuses %j naming the option', (options, problem) => {
    expect(parseSettingsPatch(inv(options))).toEqual({ ok: false, problem });
  });
});
