import { formatLedgerReport } from './formatLedgerReport';

describe('formatLedgerReport', () => {
  it('states what was proven when clean', () => {
    const text = formatLedgerReport(
      { guildsChecked: 2, accountsChecked: 1500, entriesChecked: 4000, moneySupply: 2n ** 60n, breaches: [] },
      { elapsedMs: 2000 },
    );
    expect(text).toBe(
      [
        'Ledger check of all guilds',
        '  guilds checked:   2',
        '  accounts checked: 1,500',
        '  ledger entries:   4,000',
        '  money supply:     1,152,921,504,606,846,976',
        '  took:             2.0 s (2,000 entries/s)',
        'OK: every balance equals the sum of its ledger entries (so each guild’s balances sum to its ledger), and no balance is negative.',
      ].join('\n'),
    );
  });

  it('lists each breach with the numbers', () => {
    const text = formatLedgerReport(
      {
        guildsChecked: 1,
        accountsChecked: 3,
        entriesChecked: 9,
        moneySupply: 10n,
        breaches: [
          { guildId: '1', userId: '2', problem: 'balance_differs_from_ledger', balance: 15n, ledgerSum: 10n },
          { guildId: '1', userId: '3', problem: 'negative_balance', balance: -4n },
          { guildId: '1', userId: '4', problem: 'balance_differs_from_ledger', ledgerSum: 7n },
        ],
      },
      { guildId: '1' },
    );
    expect(text.split('\n').slice(0, 1)).toEqual(['Ledger check of guild 1']);
    expect(text.split('\n').slice(5)).toEqual([
      'BREACH: 3 problem(s) found:',
      '  - guild 1 user 2: balance 15 but ledger entries sum to 10 (off by +5)',
      '  - guild 1 user 3: negative balance -4',
      '  - guild 1 user 4: ledger entries sum to 7 but there is no account',
    ]);
  });
});
