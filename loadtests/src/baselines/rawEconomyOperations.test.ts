import { decideDailyClaim } from './rawEconomyOperations.js';

const settings = { dailyAmount: 100n, dailyCooldownSeconds: 86_400, maxBalance: 1_000n };
const DAY_MS = 86_400_000;

describe('decideDailyClaim', () => {
  it('credits a first claim and starts the streak', () => {
    expect(decideDailyClaim({ balance: 0n, dailyStreak: 0, lastDailyAtMs: null }, settings, 5)).toEqual({
      newBalance: 100n,
      daily: { streak: 1, claimedAtMs: 5 },
      detail: 'claimed',
    });
  });

  it('refuses within the cooldown, writing nothing', () => {
    const plan = decideDailyClaim({ balance: 0n, dailyStreak: 1, lastDailyAtMs: 0 }, settings, DAY_MS - 1);
    expect(plan).toEqual({ detail: 'cooldown' });
  });

  it('continues the streak within a second cooldown, restarts it after', () => {
    const next = decideDailyClaim({ balance: 0n, dailyStreak: 3, lastDailyAtMs: 0 }, settings, DAY_MS);
    expect(next.daily?.streak).toBe(4);
    const late = decideDailyClaim({ balance: 0n, dailyStreak: 3, lastDailyAtMs: 0 }, settings, 2 * DAY_MS);
    expect(late.daily?.streak).toBe(1);
  });

  it('cuts the credit to the maximum, and refuses a member already there', () => {
    expect(
      decideDailyClaim({ balance: 950n, dailyStreak: 0, lastDailyAtMs: null }, settings, 0).newBalance,
    ).toBe(1_000n);
    expect(decideDailyClaim({ balance: 1_000n, dailyStreak: 0, lastDailyAtMs: null }, settings, 0)).toEqual({
      detail: 'at_max',
    });
  });
});
