import { renderAdminReply, type AdminOutcome } from './adminReply';

const U = '1196423538278400005';
const base = {
  command: 'economy',
  currency: { name: 'coins', symbol: '🪙' },
  targetId: U,
  amount: 500n,
  reason: 'event prize',
} as const;

describe('renderAdminReply', () => {
  it('confirms each action privately with before, after and reason', () => {
    const grant: AdminOutcome = {
      ...base,
      action: 'grant',
      result: { status: 'applied', before: 100n, after: 600n },
    };
    expect(renderAdminReply(grant)).toEqual({
      content: `✅ Granted **🪙 500 coins** to <@${U}>. Their balance: 🪙 600 coins (was 🪙 100 coins).\nReason: “event prize”. Recorded in the ledger with you as the actor.`,
      ephemeral: true,
      allowedMentions: { parse: [] },
    });
    const take = renderAdminReply({
      ...base,
      action: 'take',
      result: { status: 'applied', before: 600n, after: 100n },
    });
    expect(take.content).toMatch(/^✅ Took \*\*🪙 500 coins\*\* from/);
    const set = renderAdminReply({
      ...base,
      action: 'set',
      result: { status: 'applied', before: 600n, after: 500n },
    });
    expect(set.content).toMatch(new RegExp(`^✅ Set <@${U}>'s balance to \\*\\*🪙 500 coins\\*\\*`));
  });

  it('explains refusals with the room left or the way out', () => {
    const exceed = renderAdminReply({
      ...base,
      action: 'grant',
      result: { status: 'would_exceed_max', balance: 800n, maxBalance: 1000n },
    });
    expect(exceed.content).toContain('You can grant at most 🪙 200 coins.');
    const take = renderAdminReply({
      ...base,
      action: 'take',
      result: { status: 'insufficient_funds', balance: 20n },
    });
    expect(take.content).toContain('only has 🪙 20 coins');
    expect(take.content).toContain('`/economy set amount:0`');
  });
});
