// `npm run bench:ledger -- [--guilds N] [--accounts N] [--transfers N] [--jobs N] [--no-fk-checks]`: fills a
// Postgres with a generated ledger (by default 1,000 guilds × (1,000 openings + 2 × 24,500 transfer entries) =
// 50 million entries), then prints what the size costs: generation, size on disk, the full ledger proof, the
// plans and latencies of /history and /leaderboard. Against DATABASE_URL when set (an empty, migrated
// database of its own), otherwise against a throwaway Postgres in the system's temporary folder, deleted at
// the end. A composition root: arguments, a database, the bench, the printout.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@droas/runtime';
import { startPrivatePostgres, type PrivatePostgres } from '@droas/testkit';
import { Database, runMigrations } from '../src/index.js';
import { runLedgerBench, type LatencyMs, type LedgerBenchReport } from './runLedgerBench.js';
import type { PlanSummary } from './explainPlan.js';

const USAGE =
  'usage: ledger-scale [--guilds N] [--accounts N per guild] [--transfers N per guild] [--jobs N] [--samples N] [--no-fk-checks]';

function positiveInteger(name: string, text: string, min: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    process.stderr.write(
      `--${name} must be a whole number ≥ ${min}, got ${JSON.stringify(text)}\n${USAGE}\n`,
    );
    process.exit(2);
  }
  return Number(text);
}

const { values } = parseArgs({
  options: {
    guilds: { type: 'string', default: '1000' },
    accounts: { type: 'string', default: '1000' },
    transfers: { type: 'string', default: '24500' },
    jobs: { type: 'string', default: '1' },
    samples: { type: 'string', default: '200' },
    'no-fk-checks': { type: 'boolean', default: false },
  },
  strict: true,
});
const shape = {
  guilds: positiveInteger('guilds', values.guilds, 1),
  accountsPerGuild: positiveInteger('accounts', values.accounts, 2),
  transfersPerGuild: positiveInteger('transfers', values.transfers, 0),
};
const jobs = positiveInteger('jobs', values.jobs, 1);
const samples = positiveInteger('samples', values.samples, 1);

const log = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<void> {
  let server: PrivatePostgres | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    log('starting a throwaway Postgres (deleted at the end)');
    server = await startPrivatePostgres({
      migrateCli: join(__dirname, '..', 'bin', 'migrate.js'),
      // Sized for a ledger of tens of GB on a small machine: the hot indexes cached, the per-account sums of
      // a partition hashed in memory, no checkpoint storm while loading.
      settings: {
        shared_buffers: '2GB',
        work_mem: '64MB',
        maintenance_work_mem: '512MB',
        max_wal_size: '16GB',
        checkpoint_timeout: '30min',
      },
    });
    url = server.url;
  }
  const db = new Database({ url, maxConnections: jobs + 1, applicationName: 'droas-ledger-bench' });
  try {
    await runMigrations({ databaseUrl: url, logger: migrateLogger });
    const report = await runLedgerBench(db, shape, {
      concurrency: jobs,
      foreignKeyChecks: !values['no-fk-checks'],
      samples,
      log,
    });
    process.stdout.write(formatReport(report, { jobs, fkChecks: !values['no-fk-checks'] }));
  } finally {
    await db.close();
    await server?.close();
  }
}

const migrateLogger = createLogger({ name: 'migrate', level: 'warn' });

function formatReport(r: LedgerBenchReport, run: { jobs: number; fkChecks: boolean }): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  const perS = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;
  const lat = (l: LatencyMs) =>
    `median ${l.median.toFixed(2)} ms, p95 ${l.p95.toFixed(2)} ms, max ${l.max.toFixed(2)} ms`;
  const plan = (p: PlanSummary) =>
    `${p.nodeTypes.join(' > ')}; read ${p.relationsRead.join(', ')} via ${p.indexesUsed.join(', ') || 'no index'}; ` +
    `buffers hit ${p.sharedBuffersHit} read ${p.sharedBuffersRead}; ${p.executionMs.toFixed(2)} ms`;
  return [
    `ledger entries:      ${r.entries.toLocaleString('en')} (${run.jobs} job(s), foreign-key checks ${run.fkChecks ? 'on' : 'off'})`,
    `generate:            ${s(r.generateMs)} (${perS(r.entries, r.generateMs)})`,
    `vacuum analyze:      ${s(r.vacuumAnalyzeMs)}`,
    `ledger on disk:      ${gb(r.ledgerBytes)} heap + ${gb(r.ledgerIndexBytes)} indexes; database ${gb(r.databaseBytes)}`,
    `verify (all):        ${s(r.verifyMs)} (${perS(r.verify.entriesChecked, r.verifyMs)}); ${r.verify.guildsChecked} guilds, ` +
      `${r.verify.accountsChecked} accounts, ${r.verify.entriesChecked} entries, ${r.verify.breaches.length} breaches`,
    `verify (one guild):  ${r.verifyGuildMs.toFixed(1)} ms`,
    `history plan p1:     ${plan(r.plans.historyFirstPage)}`,
    `history plan p3:     ${plan(r.plans.historyLaterPage)}`,
    `leaderboard plan:    ${plan(r.plans.leaderboardFirstPage)}`,
    `history latency:     ${lat(r.latency.history)}`,
    `leaderboard latency: ${lat(r.latency.leaderboard)}`,
    `guild drift latency: ${lat(r.latency.guildDrift)}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`ledger bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
