import { escapeMarkdown } from '../text/escapeMarkdown.js';

/** How a guild writes its money: `🪙 1,234 coins`. */
export interface Currency {
  readonly name: string;
  readonly symbol: string;
}

// Fixed en-US grouping: replies are English, and a public reply is read by members of every locale.
const grouping = new Intl.NumberFormat('en-US', { useGrouping: true, maximumFractionDigits: 0 });

/** A whole number with thousands separators: `1234567n` → `1,234,567`. Exact for any bigint. */
export function formatNumber(value: bigint | number): string {
  return grouping.format(value);
}

/** An amount in the guild's currency: `🪙 1,234 coins`. The name is escaped so it cannot break markdown. */
export function formatAmount(amount: bigint, currency: Currency): string {
  return `${formatSymbol(currency.symbol)} ${formatNumber(amount)} ${escapeMarkdown(currency.name)}`;
}

/** A change of balance with its sign: `+🪙 50 coins`, `−🪙 50 coins` (a real minus sign). */
export function formatDelta(delta: bigint, currency: Currency): string {
  const sign = delta < 0n ? '−' : '+';
  return `${sign}${formatAmount(delta < 0n ? -delta : delta, currency)}`;
}

const CUSTOM_EMOJI = /^<a?:\w{2,32}:\d{17,20}>$/;

/** A symbol as written: custom emoji markup passes through, anything else is escaped. */
function formatSymbol(symbol: string): string {
  return CUSTOM_EMOJI.test(symbol) ? symbol : escapeMarkdown(symbol);
}
