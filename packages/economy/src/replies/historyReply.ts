import type { CommandReply } from '@droas/contracts';
import type { HistoryEntry } from '@droas/db';
import { formatAmount, formatDelta, formatNumber, type Currency } from '../money/formatAmount.js';
import { quoteUserText } from '../text/escapeMarkdown.js';
import { discordTimestamp } from '../time/formatDuration.js';
import { mention, privateReply } from './reply.js';

/** What `/history` shows. */
export interface HistoryView {
  currency: Currency;
  /** 1-based. */
  page: number;
  entries: readonly HistoryEntry[];
  hasMore: boolean;
}

// Notes are cut shorter here than in a payment reply, so a full page stays inside one embed.
const NOTE_CHARS = 80;
// Discord's limit on an embed's description.
const MAX_DESCRIPTION_CHARS = 4096;

/** The private `/history` reply: one line per ledger entry, newest first, in an embed. */
export function renderHistoryReply(v: HistoryView): CommandReply {
  if (v.entries.length === 0) {
    return privateReply(
      v.page === 1
        ? '📜 No history yet: your account opens with your first payment or daily reward.'
        : `📜 Page ${formatNumber(v.page)} is empty: your history is shorter. Try \`/history\`.`,
    );
  }
  const lines = v.entries.map((e) => {
    const note = e.reason === null ? '' : ` “${quoteUserText(e.reason, NOTE_CHARS)}”`;
    return `${discordTimestamp(e.createdAtMs, 'f')} **${formatDelta(e.delta, v.currency)}** ${describeEntry(e)}${note} → ${formatAmount(e.balanceAfter, v.currency)}`;
  });
  const footer = v.hasMore
    ? `Page ${formatNumber(v.page)} · older entries: /history page:${v.page + 1}`
    : `Page ${formatNumber(v.page)}`;
  return privateReply('📜 **Your history in this server**, newest first', [
    { description: fitLines(lines, MAX_DESCRIPTION_CHARS), footer: { text: footer } },
  ]);
}

function describeEntry(e: HistoryEntry): string {
  const other = e.counterpartyId === null ? 'someone' : mention(e.counterpartyId);
  const actor = e.actorId === null ? 'an admin' : mention(e.actorId);
  switch (e.kind) {
    case 'opening':
      return 'account opened';
    case 'transfer_out':
      return `paid to ${other}`;
    case 'transfer_in':
      return `from ${other}`;
    case 'daily':
      return 'daily reward';
    case 'grant':
      return `granted by ${actor}`;
    case 'take':
      return `taken by ${actor}`;
    case 'set':
      return `balance set by ${actor}`;
  }
}

/** As many whole lines as fit in `maxChars` (a page of long notes and long currency names can pass it). */
function fitLines(lines: readonly string[], maxChars: number): string {
  let text = '';
  for (const line of lines) {
    const next = text === '' ? line : `${text}\n${line}`;
    if (next.length > maxChars) break;
    text = next;
  }
  return text;
}
