import { decodeOutcome, encodeOutcome } from '@droas/db';
import { renderDailyReply, type DailyOutcome } from './dailyReply';

const currency = { name: 'coins', symbol: '🪙' };
const T = 1_767_258_000_000;

describe('renderDailyReply', () => {
  it('shows the credit, the streak bonus, the balance and the next claim', () => {
    const o: DailyOutcome = {
      command: 'daily',
      currency,
      streakBonusOn: true,
      decision: {
        kind: 'claimed',
        base: 100n,
        bonus: 20n,
        credit: 120n,
        capped: false,
        streak: 3,
        nextClaimAtMs: T,
      },
      balanceAfter: 1320n,
    };
    expect(renderDailyReply(o)).toEqual({
      content:
        '🎁 You claimed your daily **🪙 120 coins**.\n🔥 3-day streak: that includes a 🪙 20 coins bonus.\nBalance: **🪙 1,320 coins**. Next claim <t:1767258000:R>.',
      ephemeral: true,
      allowedMentions: { parse: [] },
    });
  });

  it('says nothing of streaks when the guild pays no bonus', () => {
    const o: DailyOutcome = {
      command: 'daily',
      currency,
      streakBonusOn: false,
      decision: {
        kind: 'claimed',
        base: 100n,
        bonus: 0n,
        credit: 100n,
        capped: false,
        streak: 4,
        nextClaimAtMs: T,
      },
      balanceAfter: 100n,
    };
    expect(renderDailyReply(o).content).not.toContain('streak');
  });

  it('shows the time left on cooldown, identically after a round trip through the store', () => {
    const o: DailyOutcome = {
      command: 'daily',
      currency,
      streakBonusOn: false,
      decision: {
        kind: 'cooldown',
        nextClaimAtMs: T,
        remainingMs: 4 * 3_600_000 + 11 * 60_000 + 5_000,
        streak: 1,
      },
      balanceAfter: null,
    };
    const reply = renderDailyReply(o);
    expect(reply.content).toBe(
      "⏳ You've already claimed your daily reward. Next claim <t:1767258000:R> (in 4 h 12 min).",
    );
    expect(renderDailyReply(decodeOutcome<DailyOutcome>(JSON.parse(encodeOutcome(o))))).toEqual(reply);
  });
});
