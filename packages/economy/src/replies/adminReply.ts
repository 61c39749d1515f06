import type { CommandReply } from '@droas/contracts';
import { formatAmount, type Currency } from '../money/formatAmount.js';
import { quoteUserText } from '../text/escapeMarkdown.js';
import { mention, privateReply } from './reply.js';

/** The admin money actions of `/economy`. */
export type AdminAction = 'grant' | 'take' | 'set';

export type AdminResult =
  | { status: 'applied'; before: bigint; after: bigint }
  /** The amount alone is above the maximum (grant, set); no account was touched. */
  | { status: 'amount_above_max'; maxBalance: bigint }
  /** A grant that would take the member past the maximum. */
  | { status: 'would_exceed_max'; balance: bigint; maxBalance: bigint }
  /** A take of more than the member holds: refused rather than clamped, so the ledger says what happened. */
  | { status: 'insufficient_funds'; balance: bigint };

/** Everything an `/economy grant|take|set` reply shows, stored as the operation's outcome. */
export interface AdminOutcome {
  command: 'economy';
  action: AdminAction;
  currency: Currency;
  targetId: string;
  amount: bigint;
  reason: string;
  result: AdminResult;
}

/** The private reply to an admin money action. */
export function renderAdminReply(o: AdminOutcome): CommandReply {
  const money = (amount: bigint) => formatAmount(amount, o.currency);
  const who = mention(o.targetId);
  const r = o.result;
  switch (r.status) {
    case 'applied': {
      const what = {
        grant: `Granted **${money(o.amount)}** to ${who}.`,
        take: `Took **${money(o.amount)}** from ${who}.`,
        set: `Set ${who}'s balance to **${money(o.amount)}**.`,
      }[o.action];
      return privateReply(
        `✅ ${what} Their balance: ${money(r.after)} (was ${money(r.before)}).\nReason: “${quoteUserText(o.reason)}”. Recorded in the ledger with you as the actor.`,
      );
    }
    case 'amount_above_max':
      return privateReply(
        `\`amount\` can be at most ${money(r.maxBalance)}, this server's maximum balance; you gave ${money(o.amount)}. Nothing changed.`,
      );
    case 'would_exceed_max': {
      const room = r.maxBalance - r.balance;
      return privateReply(
        `${who} has ${money(r.balance)}; granting **${money(o.amount)}** would pass this server's maximum balance of ${money(r.maxBalance)}. You can grant at most ${money(room)}. Nothing changed.`,
      );
    }
    case 'insufficient_funds':
      return privateReply(
        `${who} only has ${money(r.balance)}, so you can't take **${money(o.amount)}**. To empty the account, use \`/economy set amount:0\`. Nothing changed.`,
      );
  }
}
