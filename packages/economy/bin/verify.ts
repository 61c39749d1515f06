// `economy:verify [-- --guild ID]`: proves sum(balances) = sum(ledger) and no negative balance, for one guild
// or all, and exits non-zero on any breach. A composition root: config from the environment, then the
// package's runLedgerCheck.
import { Database } from '@droas/db';
import { env, loadConfig } from '@droas/runtime';
import { runLedgerCheck } from '../src/index.js';

const config = loadConfig({ DATABASE_URL: env.url(['postgres', 'postgresql']) }, process.env);
const db = new Database({
  url: config.DATABASE_URL,
  maxConnections: 1,
  applicationName: 'droas-economy-verify',
});

runLedgerCheck(db, process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
})
  .then((status) => {
    process.exitCode = status;
  })
  .catch((error: unknown) => {
    process.stderr.write(`ledger check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 3;
  })
  .finally(() => db.close());
