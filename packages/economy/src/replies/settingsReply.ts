import type { CommandReply } from '@droas/contracts';
import type { EconomySettings } from '@droas/db';
import { formatAmount, formatNumber } from '../money/formatAmount.js';
import { escapeMarkdown } from '../text/escapeMarkdown.js';
import { formatDuration } from '../time/formatDuration.js';
import { privateReply } from './reply.js';

/** The settings a reply shows (the row without its ids and version). */
export type SettingsView = Omit<EconomySettings, 'guildId' | 'version'>;

/** Everything an `/economy settings` change reply shows, stored as the operation's outcome. */
export type SettingsOutcome =
  | {
      command: 'economy-settings';
      status: 'updated';
      before: SettingsView;
      after: SettingsView;
      /** Members above a lowered maximum: they keep their money but cannot receive more. */
      aboveMax: number;
    }
  | { command: 'economy-settings'; status: 'invalid'; problem: string };

/** Picks the {@link SettingsView} fields out of a settings row. */
export function toSettingsView(s: SettingsView): SettingsView {
  return {
    currencyName: s.currencyName,
    currencySymbol: s.currencySymbol,
    startingBalance: s.startingBalance,
    dailyAmount: s.dailyAmount,
    dailyCooldownSeconds: s.dailyCooldownSeconds,
    dailyStreakBonus: s.dailyStreakBonus,
    dailyStreakMaxDays: s.dailyStreakMaxDays,
    maxBalance: s.maxBalance,
  };
}

type Line = { key: keyof SettingsView; label: string; show: (s: SettingsView) => string };

const LINES: readonly Line[] = [
  { key: 'currencyName', label: 'Currency name', show: (s) => escapeMarkdown(s.currencyName) },
  { key: 'currencySymbol', label: 'Currency symbol', show: (s) => s.currencySymbol },
  {
    key: 'startingBalance',
    label: 'Starting balance',
    show: (s) => formatAmount(s.startingBalance, currencyOf(s)),
  },
  {
    key: 'dailyAmount',
    label: 'Daily reward',
    show: (s) => (s.dailyAmount === 0n ? 'off' : formatAmount(s.dailyAmount, currencyOf(s))),
  },
  {
    key: 'dailyCooldownSeconds',
    label: 'Daily cooldown',
    show: (s) => formatDuration(s.dailyCooldownSeconds * 1000),
  },
  {
    key: 'dailyStreakBonus',
    label: 'Streak bonus',
    show: (s) =>
      s.dailyStreakBonus === 0n ? 'off' : `${formatAmount(s.dailyStreakBonus, currencyOf(s))} per day`,
  },
  {
    key: 'dailyStreakMaxDays',
    label: 'Streak bonus stops growing after',
    show: (s) => `${formatNumber(s.dailyStreakMaxDays)} days`,
  },
  { key: 'maxBalance', label: 'Maximum balance', show: (s) => formatAmount(s.maxBalance, currencyOf(s)) },
];

function currencyOf(s: SettingsView) {
  return { name: s.currencyName, symbol: s.currencySymbol };
}

/** The private reply listing the guild's current settings. */
export function renderSettingsReply(s: SettingsView): CommandReply {
  const lines = LINES.map((l) => `• ${l.label}: ${l.show(s)}`);
  return privateReply(
    `⚙️ **Economy settings**\n${lines.join('\n')}\nChange them with \`/economy settings\` and the options you want to set.`,
  );
}

/** The private reply to a settings change: each changed value, before → after. */
export function renderSettingsChangeReply(o: SettingsOutcome): CommandReply {
  if (o.status === 'invalid') return privateReply(`${o.problem} Nothing changed.`);
  const changed = LINES.filter((l) => o.before[l.key] !== o.after[l.key]);
  if (changed.length === 0) return privateReply('⚙️ Those are already the settings; nothing changed.');
  const lines = changed.map((l) => `• ${l.label}: ${l.show(o.before)} → **${l.show(o.after)}**`);
  if (o.aboveMax > 0) {
    lines.push(
      `${formatNumber(o.aboveMax)} member(s) hold more than the new maximum: they keep it, but can't receive more until they are below it.`,
    );
  }
  return privateReply(`⚙️ **Economy settings updated**\n${lines.join('\n')}`);
}
