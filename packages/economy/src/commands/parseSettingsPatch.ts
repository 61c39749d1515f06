import type { EconomySettingsPatch } from '@droas/db';
import { parseAmount } from '../money/parseAmount.js';
import type { OptionTree } from '@droas/contracts';
import { accepted, type OptionResult } from '../options/optionResult.js';
import { readCountOption, readTextOption } from '../options/readOptions.js';

/** The limits of the settings options, matching the CHECK constraints of `guild_settings`. */
export const SETTINGS_LIMITS = {
  currencyNameChars: 32,
  currencySymbolChars: 16,
  cooldownMinutes: { min: 1, max: 43_200 },
  streakMaxDays: { min: 1, max: 365 },
} as const;

/**
 * The settings change an `/economy settings` invocation asks for: only the options given, each checked
 * against the same limits the database enforces. An empty patch means "show the settings".
 */
export function parseSettingsPatch(inv: OptionTree): OptionResult<EconomySettingsPatch> {
  const patch: { -readonly [K in keyof EconomySettingsPatch]: EconomySettingsPatch[K] } = {};

  const name = readTextOption(
    inv,
    'currency_name',
    { maxChars: SETTINGS_LIMITS.currencyNameChars, singleLine: true },
    'optional',
  );
  if (!name.ok) return name;
  if (name.value !== undefined) patch.currencyName = name.value;

  const symbol = readTextOption(
    inv,
    'currency_symbol',
    { maxChars: SETTINGS_LIMITS.currencySymbolChars, singleLine: true },
    'optional',
  );
  if (!symbol.ok) return symbol;
  if (symbol.value !== undefined) patch.currencySymbol = symbol.value;

  const amounts = [
    ['starting_balance', 'startingBalance', 0n],
    ['daily_amount', 'dailyAmount', 0n],
    ['streak_bonus', 'dailyStreakBonus', 0n],
    ['max_balance', 'maxBalance', 1n],
  ] as const;
  for (const [option, key, min] of amounts) {
    if (!inv.options.has(option)) continue;
    const amount = parseAmount(inv, option, min);
    if (!amount.ok) return amount;
    patch[key] = amount.value;
  }

  const cooldown = readCountOption(inv, 'daily_cooldown_minutes', SETTINGS_LIMITS.cooldownMinutes);
  if (!cooldown.ok) return cooldown;
  if (cooldown.value !== undefined) patch.dailyCooldownSeconds = cooldown.value * 60;

  const days = readCountOption(inv, 'streak_max_days', SETTINGS_LIMITS.streakMaxDays);
  if (!days.ok) return days;
  if (days.value !== undefined) patch.dailyStreakMaxDays = days.value;

  return accepted(patch);
}
