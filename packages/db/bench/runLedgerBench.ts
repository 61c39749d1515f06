import { readLedgerDrift, verifyLedger, type Database, type LedgerReport } from '../src/index.js';
import { historyQuery } from '../src/ledger/readHistory.js';
import { leaderboardQuery } from '../src/ledger/readLeaderboard.js';
import { explainPlan, type PlanSummary } from './explainPlan.js';
import {
  entriesOf,
  generateLedger,
  generatedGuildId,
  generatedUserId,
  type GenerateProgress,
  type LedgerShape,
} from './generateLedger.js';

export interface LedgerBenchOptions {
  /** Guilds generated and partitions verified at once. @defaultValue 1 */
  concurrency?: number;
  /** See {@link generateLedger}. @defaultValue true */
  foreignKeyChecks?: boolean;
  /** Reads timed per statement, each for a random account. @defaultValue 200 */
  samples?: number;
  /** Progress lines (generation, vacuum, verify). */
  log?: (line: string) => void;
}

/** Milliseconds of a statement timed `samples` times. */
export interface LatencyMs {
  median: number;
  p95: number;
  max: number;
}

export interface LedgerBenchReport {
  entries: number;
  generateMs: number;
  vacuumAnalyzeMs: number;
  /** Heap and indexes, all partitions. */
  ledgerBytes: number;
  ledgerIndexBytes: number;
  databaseBytes: number;
  verify: LedgerReport;
  verifyMs: number;
  /** One guild's check (`economy:verify --guild`). */
  verifyGuildMs: number;
  /** The member whose history and guild's leaderboard were explained. */
  explained: { guildId: string; userId: string };
  plans: {
    historyFirstPage: PlanSummary;
    historyLaterPage: PlanSummary;
    leaderboardFirstPage: PlanSummary;
  };
  latency: { history: LatencyMs; leaderboard: LatencyMs; guildDrift: LatencyMs };
}

/**
 * Fills an empty, migrated database with a generated ledger of `shape`, then measures what the ledger's size
 * costs: the whole-ledger proof, one guild's proof, the plans of `/history` and `/leaderboard` under
 * EXPLAIN (ANALYZE, BUFFERS), and their latencies (and one guild's drift, the gauge's read) over random
 * accounts.
 */
export async function runLedgerBench(
  db: Database,
  shape: LedgerShape,
  options: LedgerBenchOptions = {},
): Promise<LedgerBenchReport> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 1;
  const [existing] = await db.query(
    'bench',
    (sql) => sql<{ any: boolean }[]>`select exists (select 1 from ledger_entries) as any`,
  );
  if (existing?.any)
    throw new Error('the ledger is not empty: the benchmark fills an empty, migrated database');

  let lastLogMs = 0;
  const onGenerate = (p: GenerateProgress): void => {
    if (p.guildsDone < p.guildsTotal && p.elapsedMs - lastLogMs < 10_000) return;
    lastLogMs = p.elapsedMs;
    const rate = Math.round(p.entriesWritten / (p.elapsedMs / 1000));
    log(`generated ${p.guildsDone}/${p.guildsTotal} guilds, ${p.entriesWritten} entries (${rate}/s)`);
  };
  const generateMs = await timed(() =>
    generateLedger(db, shape, {
      concurrency,
      foreignKeyChecks: options.foreignKeyChecks ?? true,
      onProgress: onGenerate,
    }),
  );
  // The visibility map lets the leaderboard's index-only scan skip the heap; fresh statistics let the planner
  // see the ledger's real size.
  log('vacuum analyze');
  const vacuumAnalyzeMs = await timed(() =>
    db.query('bench', (sql) => sql`vacuum (analyze) ledger_entries, accounts, operations`),
  );
  const [size] = await db.query(
    'bench',
    (sql) => sql<{ heap: bigint; indexes: bigint; database: bigint }[]>`
      select sum(pg_table_size(inhrelid))::bigint as heap, sum(pg_indexes_size(inhrelid))::bigint as indexes,
        pg_database_size(current_database()) as database
      from pg_inherits where inhparent = 'ledger_entries'::regclass`,
  );

  log('verify');
  let verify: LedgerReport | undefined;
  const verifyMs = await timed(async () => {
    verify = await verifyLedger(db, {
      concurrency,
      onProgress: (p) =>
        log(
          `verified ${p.partition} (${p.partitionsDone}/${p.partitionsTotal}), ${p.entriesChecked} entries, ${(p.elapsedMs / 1000).toFixed(1)} s`,
        ),
    });
  });
  const someGuild = generatedGuildId(Math.floor(shape.guilds / 2));
  const verifyGuildMs = await timed(() => verifyLedger(db, { guildId: someGuild }));

  const random = (n: number) => Math.floor(Math.random() * n);
  const someAccount = () => {
    const g = random(shape.guilds);
    return {
      guildId: generatedGuildId(g),
      userId: generatedUserId(shape, g, random(shape.accountsPerGuild)),
    };
  };
  const a = someAccount();
  const plans = {
    historyFirstPage: await explainPlan(db, (sql) =>
      historyQuery(sql, a.guildId, a.userId, { offset: 0, limit: 10 }),
    ),
    historyLaterPage: await explainPlan(db, (sql) =>
      historyQuery(sql, a.guildId, a.userId, { offset: 20, limit: 10 }),
    ),
    leaderboardFirstPage: await explainPlan(db, (sql) =>
      leaderboardQuery(sql, a.guildId, { offset: 0, limit: 10 }),
    ),
  };

  const samples = options.samples ?? 200;
  const latency = {
    history: await sampleMs(samples, () => {
      const { guildId, userId } = someAccount();
      return db.query('bench', (sql) => historyQuery(sql, guildId, userId, { offset: 0, limit: 10 }));
    }),
    leaderboard: await sampleMs(samples, () =>
      db.query('bench', (sql) => leaderboardQuery(sql, someAccount().guildId, { offset: 0, limit: 10 })),
    ),
    guildDrift: await sampleMs(Math.min(samples, 50), () => readLedgerDrift(db, [someAccount().guildId])),
  };
  if (!verify || !size) throw new Error('the benchmark lost a result');
  return {
    entries: entriesOf(shape),
    generateMs,
    vacuumAnalyzeMs,
    ledgerBytes: Number(size.heap),
    ledgerIndexBytes: Number(size.indexes),
    databaseBytes: Number(size.database),
    verify,
    verifyMs,
    verifyGuildMs,
    explained: a,
    plans,
    latency,
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

async function sampleMs(samples: number, fn: () => Promise<unknown>): Promise<LatencyMs> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) ms.push(await timed(fn));
  ms.sort((x, y) => x - y);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? NaN;
  return { median: at(0.5), p95: at(0.95), max: ms[ms.length - 1] ?? NaN };
}
