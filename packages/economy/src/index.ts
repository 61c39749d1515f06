// The public API of @droas/economy: the slash commands the worker registers, their health gauge, and the
// ledger check behind `economy:verify`.
export { createEconomyCommands, type EconomyCommands } from './createEconomyCommands.js';
export { DefaultEconomyOptions, type EconomyDeps, type EconomyOptions } from './economyOptions.js';
export { MoneySupplyGauge, type MoneySupplyGaugeOptions } from './health/moneySupplyGauge.js';
export { formatLedgerReport } from './ledgerCheck/formatLedgerReport.js';
export { LEDGER_CHECK_EXIT, runLedgerCheck, type LedgerCheckIo } from './ledgerCheck/runLedgerCheck.js';
export { BALANCE_DEFINITION } from './commands/balanceCommand.js';
export { DAILY_DEFINITION } from './commands/dailyCommand.js';
export { ECONOMY_DEFINITION } from './commands/economyCommand.js';
export { historyDefinition } from './commands/historyCommand.js';
export { leaderboardDefinition } from './commands/leaderboardCommand.js';
export { PAY_DEFINITION } from './commands/payCommand.js';
