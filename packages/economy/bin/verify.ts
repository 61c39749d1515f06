// `economy:verify [-- --guild ID] [--jobs N]`: proves every balance equals the sum of its ledger entries and
// none is negative, for one guild or all (partition by partition, N at once), and exits non-zero on any breach. A composition root: config from the environment, then the
// package's runLedgerCheck.
import { Database } from '@droas/db';
import { env, loadConfig } from '@droas/runtime';
import { runLedgerCheck } from '../src/index.js';

const config = loadConfig({ DATABASE_URL: env.url(['postgres', 'postgresql']) }, process.env);
const db = new Database({
  url: config.DATABASE_URL,
  // Opened as needed: one per job (--jobs, at most 16).
  maxConnections: 16,
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
