import { decodeOutcome, encodeOutcome } from '@droas/db';
import { renderPayReply, type PayOutcome } from './payReply';

const A = '579971579904004097';
const B = '1196423538278400005';
const base = { command: 'pay', currency: { name: 'coins', symbol: '🪙' }, payerId: A, payeeId: B } as const;
const applied: PayOutcome = {
  ...base,
  note: 'for **lunch** @everyone',
  result: {
    status: 'applied',
    amount: 1500n,
    fromBalance: 10n,
    toBalance: 20n,
    fromEntryId: 7n,
    toEntryId: 8n,
  },
};

describe('renderPayReply', () => {
  it('announces a payment publicly, escaped, without balances, pinging nobody', () => {
    expect(renderPayReply(applied)).toEqual({
      content: `💸 <@${A}> paid <@${B}> **🪙 1,500 coins**.\n📝 “for \\*\\*lunch\\*\\* @everyone”`,
      ephemeral: false,
      allowedMentions: { parse: [] },
    });
  });

  it('refuses privately with the numbers that explain why', () => {
    const short = renderPayReply({
      ...base,
      note: null,
      result: { status: 'insufficient_funds', amount: 500n, balance: 120n },
    });
    expect(short).toMatchObject({ ephemeral: true, allowedMentions: { parse: [] } });
    expect(short.content).toBe("You can't pay **🪙 500 coins**: you have 🪙 120 coins. Nothing was sent.");

    const full = renderPayReply({
      ...base,
      note: null,
      result: { status: 'receiver_at_max', amount: 500n, receiverBalance: 900n, maxBalance: 1000n },
    });
    expect(full.ephemeral).toBe(true);
    expect(full.content).toContain('The most you can pay them is 🪙 100 coins.');

    const above = renderPayReply({
      ...base,
      note: null,
      result: { status: 'amount_above_max', amount: 5000n, maxBalance: 1000n },
    });
    expect(above.content).toBe(
      "`amount` can be at most 🪙 1,000 coins, this server's maximum balance; you gave 🪙 5,000 coins. Nothing was sent.",
    );
  });

  it('renders the identical reply from the stored (jsonb round-tripped) outcome', () => {
    const stored = decodeOutcome<PayOutcome>(JSON.parse(encodeOutcome(applied)));
    expect(renderPayReply(stored)).toEqual(renderPayReply(applied));
  });
});
