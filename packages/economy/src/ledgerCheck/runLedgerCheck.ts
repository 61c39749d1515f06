import { parseArgs } from 'node:util';
import { isSnowflake } from '@droas/contracts';
import { verifyLedger, type Database } from '@droas/db';
import { formatLedgerReport } from './formatLedgerReport.js';

/** Exit statuses of the verify CLI. */
export const LEDGER_CHECK_EXIT = { ok: 0, breach: 1, usage: 2 } as const;

const USAGE = 'usage: economy-verify [--guild <guild id>]';

/** Where the check writes: the report to `out`, usage errors to `err`. */
export interface LedgerCheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * The body of `economy:verify`: parses `argv` (`--guild ID`), runs `verifyLedger`, prints the report and
 * returns the exit status: 0 clean, 1 on any breach, 2 on bad arguments. Separate from `bin/verify.ts` (the
 * composition root) so tests run it in-process.
 */
export async function runLedgerCheck(
  db: Database,
  argv: readonly string[],
  io: LedgerCheckIo,
): Promise<number> {
  let guildId: string | undefined;
  try {
    const { values } = parseArgs({ args: [...argv], options: { guild: { type: 'string' } }, strict: true });
    guildId = values.guild;
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return LEDGER_CHECK_EXIT.usage;
  }
  if (guildId !== undefined && !isSnowflake(guildId)) {
    io.err(`--guild must be a guild id (17 to 20 digits), got ${JSON.stringify(guildId)}\n${USAGE}`);
    return LEDGER_CHECK_EXIT.usage;
  }
  const report = await verifyLedger(db, guildId === undefined ? {} : { guildId });
  io.out(formatLedgerReport(report, guildId === undefined ? {} : { guildId }));
  return report.breaches.length === 0 ? LEDGER_CHECK_EXIT.ok : LEDGER_CHECK_EXIT.breach;
}
