/** A guild's daily-reward rules, from its settings. */
export interface DailyRules {
  amount: bigint;
  cooldownMs: number;
  /** Paid per streak day after the first; 0 turns the bonus off. */
  streakBonus: bigint;
  /** The streak day from which the bonus stops growing. */
  streakMaxDays: number;
  maxBalance: bigint;
}

/** The member's account, read under its row lock. */
export interface DailyState {
  balance: bigint;
  streak: number;
  lastClaimAtMs: number | null;
}

/** What a `/daily` does. Stored as part of the operation's outcome, so it is plain data. */
export type DailyDecision =
  | {
      kind: 'claimed';
      base: bigint;
      bonus: bigint;
      /** What is paid: base + bonus, less whatever would pass the maximum. */
      credit: bigint;
      /** True when the maximum balance cut the credit. */
      capped: boolean;
      streak: number;
      nextClaimAtMs: number;
    }
  | { kind: 'cooldown'; nextClaimAtMs: number; remainingMs: number; streak: number }
  | { kind: 'at_max'; maxBalance: bigint }
  | { kind: 'disabled' };

/**
 * Decides a daily claim at `nowMs`. A claim is allowed once `cooldownMs` has passed since the last one; the
 * streak continues when the claim comes within one more cooldown after that (for a 24 h cooldown: within
 * 48 h of the last claim), and restarts at 1 otherwise. The bonus is `streakBonus × (min(streak,
 * streakMaxDays) − 1)`, so day 1 earns none. A member at the maximum is refused without starting a cooldown,
 * and a credit that would pass the maximum is cut to fit. A clock that went backwards counts as no time
 * passed.
 */
export function decideDaily(state: DailyState, rules: DailyRules, nowMs: number): DailyDecision {
  if (rules.amount <= 0n) return { kind: 'disabled' };
  const last = state.lastClaimAtMs;
  const elapsedMs = last === null ? Infinity : Math.max(0, nowMs - last);
  if (last !== null && elapsedMs < rules.cooldownMs) {
    const nextClaimAtMs = last + rules.cooldownMs;
    return { kind: 'cooldown', nextClaimAtMs, remainingMs: nextClaimAtMs - nowMs, streak: state.streak };
  }
  if (state.balance >= rules.maxBalance) return { kind: 'at_max', maxBalance: rules.maxBalance };

  const streak = elapsedMs < 2 * rules.cooldownMs ? state.streak + 1 : 1;
  const bonusDays = BigInt(Math.min(streak, rules.streakMaxDays) - 1);
  const bonus = rules.streakBonus * (bonusDays > 0n ? bonusDays : 0n);
  const full = rules.amount + bonus;
  const room = rules.maxBalance - state.balance;
  const credit = full < room ? full : room;
  return {
    kind: 'claimed',
    base: rules.amount,
    bonus,
    credit,
    capped: credit < full,
    streak,
    nextClaimAtMs: nowMs + rules.cooldownMs,
  };
}
