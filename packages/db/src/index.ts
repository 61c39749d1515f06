export {
  Database,
  DefaultDatabaseOptions,
  errorCode,
  type DatabaseOptions,
  type Sql,
  type TransactionSql,
} from './database.js';
export { MIGRATIONS_DIR, runMigrations, type MigrateOptions } from './migrate.js';
export { ensureAccounts, sortSnowflakes } from './ledger/ensureAccounts.js';
export { decodeOutcome, encodeOutcome } from './ledger/jsonCodec.js';
export {
  runOperation,
  type OperationClaim,
  type OperationKind,
  type OperationResult,
} from './ledger/runOperation.js';
export { transfer, type TransferOutcome, type TransferRequest } from './ledger/transfer.js';
export { verifyLedger, type LedgerBreach, type LedgerReport } from './ledger/verifyLedger.js';
