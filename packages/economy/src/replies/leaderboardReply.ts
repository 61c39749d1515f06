import type { CommandReply } from '@droas/contracts';
import type { LeaderboardRow } from '@droas/db';
import { formatAmount, formatNumber, type Currency } from '../money/formatAmount.js';
import { mention, privateReply, publicReply } from './reply.js';

/** What `/leaderboard` shows. */
export interface LeaderboardView {
  currency: Currency;
  /** 1-based. */
  page: number;
  pageSize: number;
  rows: readonly LeaderboardRow[];
  hasMore: boolean;
  /** The invoker's own standing, or null without an account. */
  viewer: { balance: bigint; rank: number } | null;
}

const MEDALS = ['🥇', '🥈', '🥉'];

/** The public leaderboard page, or a private note when the page is empty. */
export function renderLeaderboardReply(v: LeaderboardView): CommandReply {
  const money = (amount: bigint) => formatAmount(amount, v.currency);
  if (v.rows.length === 0) {
    return v.page === 1
      ? privateReply('🏆 Nobody in this server has an account yet. Claim `/daily` to be the first!')
      : privateReply(
          `🏆 Page ${formatNumber(v.page)} is empty: the leaderboard is shorter. Try \`/leaderboard\`.`,
        );
  }
  const first = (v.page - 1) * v.pageSize + 1;
  const lines = v.rows.map((row, i) => {
    const position = first + i;
    const badge = MEDALS[position - 1] ?? `**${formatNumber(position)}.**`;
    return `${badge} ${mention(row.userId)}: ${money(row.balance)}`;
  });
  const footer: string[] = [];
  if (v.viewer) footer.push(`You: #${formatNumber(v.viewer.rank)} with ${money(v.viewer.balance)}.`);
  if (v.hasMore) footer.push(`More: \`/leaderboard page:${v.page + 1}\``);
  const title = `🏆 **Leaderboard**${v.page > 1 ? `, page ${formatNumber(v.page)}` : ''}`;
  return publicReply([title, ...lines, ...(footer.length ? ['', footer.join(' ')] : [])].join('\n'));
}
