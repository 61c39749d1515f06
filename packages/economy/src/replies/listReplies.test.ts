import type { HistoryEntry } from '@droas/db';
import { renderBalanceReply } from './balanceReply';
import { renderHistoryReply } from './historyReply';
import { renderLeaderboardReply } from './leaderboardReply';

const currency = { name: 'coins', symbol: '🪙' };
const id = (i: number) => (1_000_000_000_000_000_000n + BigInt(i)).toString();

describe('renderBalanceReply', () => {
  it('shows own balance and rank, or another member’s', () => {
    const standing = { balance: 1234n, rank: 3 };
    expect(
      renderBalanceReply({ currency, userId: id(1), self: true, standing, startingBalance: 0n }).content,
    ).toBe('💰 You have **🪙 1,234 coins**: rank **#3** in this server.');
    expect(
      renderBalanceReply({ currency, userId: id(1), self: false, standing, startingBalance: 0n }).content,
    ).toBe(`💰 <@${id(1)}> has **🪙 1,234 coins**: rank **#3** in this server.`);
  });

  it('shows the starting balance for a member without an account', () => {
    const reply = renderBalanceReply({
      currency,
      userId: id(1),
      self: true,
      standing: null,
      startingBalance: 50n,
    });
    expect(reply.content).toContain('You have **🪙 50 coins**, the starting balance. Not ranked yet');
  });
});

describe('renderLeaderboardReply', () => {
  it('lists a page with medals and positions, the viewer’s rank and the next page', () => {
    const rows = [500n, 400n, 300n, 200n].map((balance, i) => ({ userId: id(i), balance }));
    const reply = renderLeaderboardReply({
      currency,
      page: 1,
      pageSize: 4,
      rows,
      hasMore: true,
      viewer: { balance: 10n, rank: 42 },
    });
    expect(reply).toMatchObject({ ephemeral: false, allowedMentions: { parse: [] } });
    expect(reply.content.split('\n')).toEqual([
      '🏆 **Leaderboard**',
      `🥇 <@${id(0)}>: 🪙 500 coins`,
      `🥈 <@${id(1)}>: 🪙 400 coins`,
      `🥉 <@${id(2)}>: 🪙 300 coins`,
      `**4.** <@${id(3)}>: 🪙 200 coins`,
      '',
      'You: #42 with 🪙 10 coins. More: `/leaderboard page:2`',
    ]);
  });

  it('numbers later pages from their offset', () => {
    const reply = renderLeaderboardReply({
      currency,
      page: 3,
      pageSize: 10,
      rows: [{ userId: id(1), balance: 5n }],
      hasMore: false,
      viewer: null,
    });
    expect(reply.content).toContain(`**21.** <@${id(1)}>`);
  });

  it('answers an empty page privately', () => {
    const reply = renderLeaderboardReply({
      currency,
      page: 9,
      pageSize: 10,
      rows: [],
      hasMore: false,
      viewer: null,
    });
    expect(reply).toMatchObject({ ephemeral: true });
    expect(reply.content).toContain('Page 9 is empty');
  });
});

describe('renderHistoryReply', () => {
  const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
    id: 1n,
    kind: 'daily',
    delta: 100n,
    balanceAfter: 100n,
    counterpartyId: null,
    actorId: null,
    reason: null,
    createdAtMs: 1_767_258_000_000,
    ...over,
  });

  it('says what, when, with whom and the note, newest first', () => {
    const reply = renderHistoryReply({
      currency,
      page: 1,
      hasMore: true,
      entries: [
        entry({
          kind: 'transfer_out',
          delta: -50n,
          balanceAfter: 50n,
          counterpartyId: id(2),
          reason: 'pizza',
        }),
        entry({ kind: 'grant', delta: 10n, balanceAfter: 110n, actorId: id(3), reason: 'prize' }),
      ],
    });
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds?.[0]?.description?.split('\n')).toEqual([
      `<t:1767258000:f> **−🪙 50 coins** paid to <@${id(2)}> “pizza” → 🪙 50 coins`,
      `<t:1767258000:f> **+🪙 10 coins** granted by <@${id(3)}> “prize” → 🪙 110 coins`,
    ]);
    expect(reply.embeds?.[0]?.footer?.text).toBe('Page 1 · older entries: /history page:2');
  });

  it('stays inside an embed’s 4,096 characters whatever the notes', () => {
    const long = { name: 'x'.repeat(32), symbol: '#'.repeat(16) };
    const entries = Array.from({ length: 10 }, () =>
      entry({ kind: 'transfer_in', counterpartyId: id(1), reason: '*'.repeat(200) }),
    );
    const reply = renderHistoryReply({ currency: long, page: 1, hasMore: false, entries });
    expect(reply.embeds?.[0]?.description?.length).toBeLessThanOrEqual(4096);
  });
});
