import { decideDaily, type DailyRules, type DailyState } from './decideDaily';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);

const rules: DailyRules = {
  amount: 100n,
  cooldownMs: DAY,
  streakBonus: 0n,
  streakMaxDays: 7,
  maxBalance: 1_000_000n,
};
const fresh: DailyState = { balance: 0n, streak: 0, lastClaimAtMs: null };

/** Claims at each time in turn, as the account would record them, and returns every decision. */
function claimAt(times: number[], r: DailyRules = rules, start: DailyState = fresh) {
  let state = start;
  return times.map((now) => {
    const decision = decideDaily(state, r, now);
    if (decision.kind === 'claimed') {
      state = { balance: state.balance + decision.credit, streak: decision.streak, lastClaimAtMs: now };
    }
    return decision;
  });
}

describe('decideDaily', () => {
  it('pays the daily amount on a first claim and sets the next claim a cooldown later', () => {
    expect(decideDaily(fresh, rules, T0)).toEqual({
      kind: 'claimed',
      base: 100n,
      bonus: 0n,
      credit: 100n,
      capped: false,
      streak: 1,
      nextClaimAtMs: T0 + DAY,
    });
  });

  it('refuses within the cooldown with the exact time left', () => {
    const [, second] = claimAt([T0, T0 + DAY - 90_000]);
    expect(second).toEqual({ kind: 'cooldown', nextClaimAtMs: T0 + DAY, remainingMs: 90_000, streak: 1 });
  });

  it('allows the next claim exactly when the cooldown ends', () => {
    expect(claimAt([T0, T0 + DAY])[1]).toMatchObject({ kind: 'claimed', streak: 2 });
  });

  it('continues a streak within one more cooldown, and restarts it after', () => {
    const decisions = claimAt([T0, T0 + DAY + 20 * HOUR, T0 + 2 * DAY + 20 * HOUR + 2 * DAY]);
    expect(decisions.map((d) => d.kind === 'claimed' && d.streak)).toEqual([1, 2, 1]);
  });

  it('pays a streak bonus per day after the first, growing until streakMaxDays', () => {
    const withBonus = { ...rules, streakBonus: 10n, streakMaxDays: 3 };
    const decisions = claimAt(
      [0, 1, 2, 3, 4].map((i) => T0 + i * DAY),
      withBonus,
    );
    expect(decisions.map((d) => (d.kind === 'claimed' ? [d.streak, d.bonus, d.credit] : d.kind))).toEqual([
      [1, 0n, 100n],
      [2, 10n, 110n],
      [3, 20n, 120n],
      [4, 20n, 120n],
      [5, 20n, 120n],
    ]);
  });

  it('tracks the streak but pays no bonus when the bonus is off (the default)', () => {
    const decisions = claimAt([T0, T0 + DAY, T0 + 2 * DAY]);
    expect(decisions.map((d) => d.kind === 'claimed' && [d.streak, d.credit])).toEqual([
      [1, 100n],
      [2, 100n],
      [3, 100n],
    ]);
  });

  it('cuts a claim that would pass the maximum to fit, and says so', () => {
    const d = decideDaily({ ...fresh, balance: 950n }, { ...rules, maxBalance: 1_000n }, T0);
    expect(d).toMatchObject({ kind: 'claimed', credit: 50n, capped: true });
  });

  it('refuses at the maximum without starting a cooldown', () => {
    const atMax = { ...rules, maxBalance: 500n };
    expect(decideDaily({ balance: 500n, streak: 3, lastClaimAtMs: T0 - 2 * DAY }, atMax, T0)).toEqual({
      kind: 'at_max',
      maxBalance: 500n,
    });
  });

  it('is off when the daily amount is 0', () => {
    expect(decideDaily(fresh, { ...rules, amount: 0n, streakBonus: 5n }, T0)).toEqual({ kind: 'disabled' });
  });

  it('treats a clock that went backwards as no time passed', () => {
    const d = decideDaily({ balance: 0n, streak: 1, lastClaimAtMs: T0 }, rules, T0 - 5_000);
    expect(d).toEqual({ kind: 'cooldown', nextClaimAtMs: T0 + DAY, remainingMs: DAY + 5_000, streak: 1 });
  });
});
