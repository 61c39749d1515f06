import type { CommandReply } from '@droas/contracts';
import { formatAmount, formatNumber, type Currency } from '../money/formatAmount.js';
import { mention, privateReply } from './reply.js';

/** What `/balance` shows. */
export interface BalanceView {
  currency: Currency;
  /** Whose balance; `self` when the invoker asked about themselves. */
  userId: string;
  self: boolean;
  /** The account's balance and rank, or null when the member has no account yet. */
  standing: { balance: bigint; rank: number } | null;
  /** What a new account opens with, shown for members without one. */
  startingBalance: bigint;
}

/** The private `/balance` reply. */
export function renderBalanceReply(v: BalanceView): CommandReply {
  const money = (amount: bigint) => formatAmount(amount, v.currency);
  const who = v.self ? 'You have' : `${mention(v.userId)} has`;
  if (v.standing === null) {
    const when = v.self ? 'your' : 'their';
    return privateReply(
      `💰 ${who} **${money(v.startingBalance)}**, the starting balance. Not ranked yet: ${when} account opens with ${when} first payment or daily reward.`,
    );
  }
  return privateReply(
    `💰 ${who} **${money(v.standing.balance)}**: rank **#${formatNumber(v.standing.rank)}** in this server.`,
  );
}
