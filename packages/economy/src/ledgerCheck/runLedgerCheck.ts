import { parseArgs } from 'node:util';
import { isSnowflake } from '@droas/contracts';
import { verifyLedger, type Database } from '@droas/db';
import { formatNumber } from '../money/formatAmount.js';
import { formatLedgerReport } from './formatLedgerReport.js';

/** Exit statuses of the verify CLI. */
export const LEDGER_CHECK_EXIT = { ok: 0, breach: 1, usage: 2 } as const;

// One connection per job; the ledger has 16 partitions.
const MAX_JOBS = 16;

const USAGE = 'usage: economy-verify [--guild <guild id>] [--jobs <partitions checked at once, 1 to 16>]';

/** Where the check writes: the report to `out`, usage errors and progress to `err`. */
export interface LedgerCheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * The body of `economy:verify`: parses `argv` (`--guild ID`, `--jobs N`), runs `verifyLedger` (the whole
 * ledger partition by partition, N at a time, a progress line per partition), prints the report and returns
 * the exit status: 0 clean, 1 on any breach, 2 on bad arguments. Separate from `bin/verify.ts` (the
 * composition root) so tests run it in-process.
 */
export async function runLedgerCheck(
  db: Database,
  argv: readonly string[],
  io: LedgerCheckIo,
): Promise<number> {
  let guildId: string | undefined;
  let jobs = '1';
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { guild: { type: 'string' }, jobs: { type: 'string' } },
      strict: true,
    });
    guildId = values.guild;
    jobs = values.jobs ?? jobs;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return LEDGER_CHECK_EXIT.usage;
  }
  if (guildId !== undefined && !isSnowflake(guildId)) {
    io.err(`--guild must be a guild id (17 to 20 digits), got ${JSON.stringify(guildId)}\n${USAGE}`);
    return LEDGER_CHECK_EXIT.usage;
  }
  const concurrency = Number(jobs);
  if (!/^\d+$/.test(jobs) || concurrency < 1 || concurrency > MAX_JOBS) {
    io.err(`--jobs must be a whole number from 1 to ${MAX_JOBS}, got ${JSON.stringify(jobs)}\n${USAGE}`);
    return LEDGER_CHECK_EXIT.usage;
  }
  const startedMs = performance.now();
  const report = await verifyLedger(db, {
    ...(guildId !== undefined && { guildId }),
    concurrency,
    onProgress: (p) =>
      io.err(
        `checked ${p.partition} (${p.partitionsDone}/${p.partitionsTotal}): ${formatNumber(p.entriesChecked)} entries, ${(p.elapsedMs / 1000).toFixed(1)} s so far`,
      ),
  });
  const elapsedMs = performance.now() - startedMs;
  io.out(formatLedgerReport(report, { ...(guildId !== undefined && { guildId }), elapsedMs }));
  return report.breaches.length === 0 ? LEDGER_CHECK_EXIT.ok : LEDGER_CHECK_EXIT.breach;
}
