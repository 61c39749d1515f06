import type { LedgerBreach, LedgerReport } from '@droas/db';
import { formatNumber } from '../money/formatAmount.js';

// verifyLedger lists at most this many breaches.
const BREACH_LIST_LIMIT = 1000;

/**
 * The operator's report of a ledger check: what was checked, the money supply, and each breach on its own
 * line, or an explicit statement of what was proven.
 */
export function formatLedgerReport(
  report: LedgerReport,
  scope: { guildId?: string; elapsedMs?: number },
): string {
  const lines = [
    `Ledger check of ${scope.guildId === undefined ? 'all guilds' : `guild ${scope.guildId}`}`,
    `  guilds checked:   ${formatNumber(report.guildsChecked)}`,
    `  accounts checked: ${formatNumber(report.accountsChecked)}`,
    `  ledger entries:   ${formatNumber(report.entriesChecked)}`,
    `  money supply:     ${formatNumber(report.moneySupply)}`,
  ];
  if (scope.elapsedMs !== undefined) {
    const seconds = scope.elapsedMs / 1000;
    const rate =
      seconds > 0 ? ` (${formatNumber(Math.round(report.entriesChecked / seconds))} entries/s)` : '';
    lines.push(`  took:             ${seconds.toFixed(1)} s${rate}`);
  }
  if (report.breaches.length === 0) {
    lines.push(
      'OK: every balance equals the sum of its ledger entries (so each guild’s balances sum to its ledger), and no balance is negative.',
    );
    return lines.join('\n');
  }
  const more =
    report.breaches.length >= BREACH_LIST_LIMIT ? ` (the first ${formatNumber(BREACH_LIST_LIMIT)})` : '';
  lines.push(`BREACH: ${formatNumber(report.breaches.length)} problem(s) found${more}:`);
  for (const breach of report.breaches) lines.push(`  - ${describeBreach(breach)}`);
  return lines.join('\n');
}

function describeBreach(b: LedgerBreach): string {
  const where = `guild ${b.guildId}${b.userId === undefined ? '' : ` user ${b.userId}`}`;
  switch (b.problem) {
    case 'negative_balance':
      return `${where}: negative balance ${formatNumber(b.balance ?? 0n)}`;
    case 'balance_differs_from_ledger': {
      if (b.balance === undefined)
        return `${where}: ledger entries sum to ${formatNumber(b.ledgerSum ?? 0n)} but there is no account`;
      if (b.ledgerSum === undefined)
        return `${where}: balance ${formatNumber(b.balance)} but no ledger entries`;
      const diff = b.balance - b.ledgerSum;
      return `${where}: balance ${formatNumber(b.balance)} but ledger entries sum to ${formatNumber(b.ledgerSum)} (off by ${diff > 0n ? '+' : ''}${formatNumber(diff)})`;
    }
  }
}
