import type { CommandReply } from '@droas/contracts';
import type { TransferOutcome } from '@droas/db';
import { formatAmount, type Currency } from '../money/formatAmount.js';
import { quoteUserText } from '../text/escapeMarkdown.js';
import { mention, privateReply, publicReply } from './reply.js';

/** A transfer's outcome, or the refusal of an amount above the guild's maximum (no account touched). */
export type PayResult = TransferOutcome | { status: 'amount_above_max'; amount: bigint; maxBalance: bigint };

/**
 * Everything a `/pay` reply shows, stored as the operation's outcome: a retried job renders the identical
 * reply from it, whatever changed since (the currency's name, either balance).
 */
export interface PayOutcome {
  command: 'pay';
  currency: Currency;
  payerId: string;
  payeeId: string;
  note: string | null;
  result: PayResult;
}

/** The `/pay` reply: public when money moved (without balances), private when refused. */
export function renderPayReply(o: PayOutcome): CommandReply {
  const money = (amount: bigint) => formatAmount(amount, o.currency);
  const r = o.result;
  switch (r.status) {
    case 'applied': {
      const note = o.note === null ? '' : `\n📝 “${quoteUserText(o.note)}”`;
      return publicReply(
        `💸 ${mention(o.payerId)} paid ${mention(o.payeeId)} **${money(r.amount)}**.${note}`,
      );
    }
    case 'insufficient_funds':
      return privateReply(
        `You can't pay **${money(r.amount)}**: you have ${money(r.balance)}. Nothing was sent.`,
      );
    case 'receiver_at_max': {
      const room = r.maxBalance - r.receiverBalance;
      const hint =
        room > 0n ? ` The most you can pay them is ${money(room)}.` : ' They are already at the maximum.';
      return privateReply(
        `${mention(o.payeeId)} can't receive **${money(r.amount)}**: that would take them past this server's maximum balance of ${money(r.maxBalance)}.${hint} Nothing was sent.`,
      );
    }
    case 'amount_above_max':
      return privateReply(
        `\`amount\` can be at most ${money(r.maxBalance)}, this server's maximum balance; you gave ${money(r.amount)}. Nothing was sent.`,
      );
  }
}
