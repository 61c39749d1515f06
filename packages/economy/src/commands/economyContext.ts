import type { Database, EconomySettings } from '@droas/db';
import type { Logger } from '@droas/runtime';
import type { BalanceStore } from '../cache/balanceStore.js';
import type { LeaderboardCache } from '../cache/leaderboardCache.js';
import type { SettingsStore } from '../cache/settingsStore.js';
import type { DefaultEconomyOptions } from '../economyOptions.js';
import type { EconomyMetrics } from '../economyMetrics.js';
import type { MoneySupplyGauge } from '../health/moneySupplyGauge.js';
import type { Currency } from '../money/formatAmount.js';

/** What every economy command works with; built once by `createEconomyCommands`. */
export interface EconomyContext {
  db: Database;
  settings: SettingsStore;
  balances: BalanceStore;
  leaderboard: LeaderboardCache;
  supply: MoneySupplyGauge;
  metrics: EconomyMetrics;
  logger: Logger;
  now: () => number;
  options: { readonly [K in keyof typeof DefaultEconomyOptions]: number };
}

/** The currency part of a guild's settings. */
export function currencyOf(settings: EconomySettings): Currency {
  return { name: settings.currencyName, symbol: settings.currencySymbol };
}
