import type { CommandHandler } from '@droas/contracts';
import { BalanceStore } from './cache/balanceStore.js';
import type { CacheContext } from './cache/cacheContext.js';
import { economyKeys } from './cache/economyKeys.js';
import { LeaderboardCache } from './cache/leaderboardCache.js';
import { RedisVersionedCache } from '@droas/resilience';
import { SettingsStore } from './cache/settingsStore.js';
import { ttlWithJitter } from './cache/ttlWithJitter.js';
import { createBalanceCommand } from './commands/balanceCommand.js';
import { createDailyCommand } from './commands/dailyCommand.js';
import { createEconomyCommand } from './commands/economyCommand.js';
import type { EconomyContext } from './commands/economyContext.js';
import { createHistoryCommand } from './commands/historyCommand.js';
import { createLeaderboardCommand } from './commands/leaderboardCommand.js';
import { createPayCommand } from './commands/payCommand.js';
import { createEconomyMetrics } from './economyMetrics.js';
import { DefaultEconomyOptions, type EconomyDeps } from './economyOptions.js';
import { MoneySupplyGauge } from './health/moneySupplyGauge.js';

/** The economy's slash commands and its health gauge. */
export interface EconomyCommands {
  /** `/balance`, `/pay`, `/daily`, `/leaderboard`, `/history`, `/economy`: register by `definition.name`. */
  readonly handlers: readonly CommandHandler[];
  /** `droas_economy_money_supply{guild_id}`, refreshed at scrape time; already registered on `deps.metrics`. */
  readonly moneySupply: MoneySupplyGauge;
}

/**
 * Builds the economy's command handlers. Registers the economy's metrics on `deps.metrics`, so call it once
 * per registry. Holds no timers or connections of its own: closing `deps.db` and `deps.redis` is the
 * caller's job, after the worker stops taking jobs.
 */
export function createEconomyCommands(deps: EconomyDeps): EconomyCommands {
  const options = { ...DefaultEconomyOptions, ...deps.options };
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  const metrics = createEconomyMetrics(deps.metrics);
  const logger = deps.logger.child({ component: 'economy' });
  const cache: CacheContext = {
    redis: deps.redis,
    versioned: new RedisVersionedCache(deps.redis),
    keys: economyKeys(deps.namespace),
    metrics,
    logger,
    ttl: (baseMs) => ttlWithJitter(baseMs, options.ttlJitterRatio, random),
    timeoutMs: options.cacheTimeoutMs,
  };
  const moneySupply = new MoneySupplyGauge(deps.db, deps.metrics, logger, {
    refreshIntervalMs: options.supplyRefreshIntervalMs,
    forgetAfterMs: options.supplyForgetAfterMs,
    driftRefreshIntervalMs: options.driftRefreshIntervalMs,
    now,
  });
  const ctx: EconomyContext = {
    db: deps.db,
    settings: new SettingsStore(cache, deps.db, options.settingsTtlMs),
    balances: new BalanceStore(cache, deps.db, options),
    leaderboard: new LeaderboardCache(cache, deps.db, options.leaderboardTtlMs),
    supply: moneySupply,
    metrics,
    logger,
    now,
    options,
  };
  return {
    handlers: [
      createBalanceCommand(ctx),
      createPayCommand(ctx),
      createDailyCommand(ctx),
      createLeaderboardCommand(ctx),
      createHistoryCommand(ctx),
      createEconomyCommand(ctx),
    ],
    moneySupply,
  };
}
