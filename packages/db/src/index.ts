export {
  Database,
  DefaultDatabaseOptions,
  errorCode,
  reconnectBackoffMs,
  type DatabaseOptions,
  type Sql,
  type TransactionSql,
} from './database.js';
export { MIGRATIONS_DIR, migrateConfigShape, runMigrations, type MigrateOptions } from './migrate.js';
export {
  applyAdjustment,
  type AccountSnapshot,
  type AdjustmentKind,
  type AdjustmentPlan,
  type AdjustmentRequest,
  type AdjustmentResult,
} from './ledger/applyAdjustment.js';
export { ensureAccounts, sortSnowflakes } from './ledger/ensureAccounts.js';
export { decodeOutcome, encodeOutcome } from './ledger/jsonCodec.js';
export {
  countAccountsAbove,
  readAccountRank,
  readAccountStanding,
  type AccountStanding,
} from './ledger/readAccountStanding.js';
export { readHistory, type HistoryEntry } from './ledger/readHistory.js';
export { readLeaderboard, type LeaderboardRow } from './ledger/readLeaderboard.js';
export { readLedgerDrift } from './ledger/readLedgerDrift.js';
export { readMoneySupply } from './ledger/readMoneySupply.js';
export {
  runOperation,
  type OperationClaim,
  type OperationKind,
  type OperationResult,
} from './ledger/runOperation.js';
export { transfer, type TransferOutcome, type TransferRequest } from './ledger/transfer.js';
export { verifyLedger, type LedgerBreach, type LedgerReport } from './ledger/verifyLedger.js';
export {
  lockEconomySettings,
  readEconomySettings,
  updateEconomySettings,
  type EconomySettings,
  type EconomySettingsPatch,
} from './settings/economySettings.js';
export {
  listMembersWithNotices,
  markNoticesDelivered,
  readUndeliveredNotices,
  recordUndeliveredNotice,
  type UndeliveredNotice,
} from './notices/undeliveredNotices.js';
export {
  blockGreetingChannel,
  readGreetingSettings,
  writeGreetingSettings,
  type GreetingKind,
  type GreetingSettingsRow,
} from './greetings/greetingSettingsRows.js';
export {
  advanceGreeting,
  noteGreetingExtras,
  readGreeting,
  recentGreetingFailures,
  recordGreeting,
  skipWaitingGreetings,
  type GreetingDelivery,
  type GreetingKey,
  type GreetingStatus,
} from './greetings/greetingDeliveries.js';
export {
  claimGreetingBatch,
  completeGreetingBatch,
  countWaitingGreetings,
  failGreetingBatch,
  overdueGreetingChannels,
  requeueGreetingBatch,
} from './greetings/greetingBatches.js';
