import type { CommandReply } from '@droas/contracts';
import type { DailyDecision } from '../daily/decideDaily.js';
import { formatAmount, type Currency } from '../money/formatAmount.js';
import { discordTimestamp, formatDuration } from '../time/formatDuration.js';
import { privateReply } from './reply.js';

/** Everything a `/daily` reply shows, stored as the operation's outcome so a retry answers the same. */
export interface DailyOutcome {
  command: 'daily';
  currency: Currency;
  /** Whether the guild pays a streak bonus (streaks are only mentioned then). */
  streakBonusOn: boolean;
  decision: DailyDecision;
  /** The balance after a claim; null when nothing was paid. */
  balanceAfter: bigint | null;
}

/** The `/daily` reply, private: a claim with the new balance and the next claim time, or why not. */
export function renderDailyReply(o: DailyOutcome): CommandReply {
  const money = (amount: bigint) => formatAmount(amount, o.currency);
  const d = o.decision;
  switch (d.kind) {
    case 'claimed': {
      const lines = [`🎁 You claimed your daily **${money(d.credit)}**.`];
      if (o.streakBonusOn && d.streak > 1) {
        lines.push(`🔥 ${d.streak}-day streak: that includes a ${money(d.bonus)} bonus.`);
      } else if (o.streakBonusOn) {
        lines.push('🔥 Claim again as soon as you can to build a streak bonus.');
      }
      if (d.capped) lines.push("You've reached this server's maximum balance, so the reward was cut to fit.");
      const balance = o.balanceAfter === null ? '' : `Balance: **${money(o.balanceAfter)}**. `;
      lines.push(`${balance}Next claim ${discordTimestamp(d.nextClaimAtMs)}.`);
      return privateReply(lines.join('\n'));
    }
    case 'cooldown':
      return privateReply(
        `⏳ You've already claimed your daily reward. Next claim ${discordTimestamp(d.nextClaimAtMs)} (in ${formatDuration(d.remainingMs)}).`,
      );
    case 'at_max':
      return privateReply(
        `You're at this server's maximum balance of ${money(d.maxBalance)}, so there is nothing to claim. Your cooldown has not started.`,
      );
    case 'disabled':
      return privateReply('Daily rewards are turned off in this server.');
  }
}
