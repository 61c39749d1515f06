import postgres, { type Sql, type TransactionSql } from 'postgres';
import {
  FAST_SECONDS_BUCKETS,
  inChildSpan,
  type Counter,
  type Gauge,
  type Histogram,
  type Logger,
  type Metrics,
} from '@droas/runtime';

export type { Sql, TransactionSql } from 'postgres';

export interface DatabaseOptions {
  url: string;
  /** Connections in the pool. @defaultValue 10 */
  maxConnections?: number;
  /** Close a connection idle this long. @defaultValue 30000 */
  idleTimeoutMs?: number;
  /** Recycle connections after this long, so a failover or config change reaches every connection. @defaultValue 1800000 */
  maxLifetimeMs?: number;
  /** Give up connecting after this long. @defaultValue 5000 */
  connectTimeoutMs?: number;
  /**
   * After a failed connection, the pool waits before trying again: 25 ms doubling per failure in a row, with
   * jitter, up to this. postgres.js's own ceiling is 20 s, so a pool could still be waiting that long after a
   * short outage ended. @defaultValue 1000
   */
  reconnectBackoffMaxMs?: number;
  /** Shown in pg_stat_activity. @defaultValue 'droas' */
  applicationName?: string;
  metrics?: Metrics;
  logger?: Logger;
}

export const DefaultDatabaseOptions = {
  maxConnections: 10,
  idleTimeoutMs: 30_000,
  maxLifetimeMs: 30 * 60_000,
  connectTimeoutMs: 5_000,
  reconnectBackoffMaxMs: 1_000,
  applicationName: 'droas',
} as const satisfies Partial<DatabaseOptions>;

/**
 * How long the pool waits before connecting again after `failures` failed connections in a row: 25 ms
 * doubling, capped at `maxMs`, times a jitter in [0.5, 1) so a fleet of workers does not reconnect in step.
 * Short on purpose: while Postgres is down, queries should fail fast (so the breaker sees the outage and
 * pauses intake) instead of queueing behind a long wait, and once it is back the pool should notice at once.
 */
export function reconnectBackoffMs(
  failures: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  return (0.5 + random() / 2) * Math.min(25 * 2 ** failures, maxMs);
}

interface PoolMetrics {
  inUse: Gauge;
  waitSeconds: Histogram<'op'>;
  durationSeconds: Histogram<'op' | 'outcome'>;
  errors: Counter<'op' | 'code'>;
}

/**
 * The postgres.js pool with explicit limits and pool metrics. postgres.js exposes no pool statistics, so the
 * metrics are taken around `transaction()`: the wait is the time until the transaction's first statement can
 * run (a free connection plus BEGIN), the in-use gauge counts transactions holding a connection.
 */
export class Database {
  /**
   * The pool itself, unmeasured: for tests and tools. The repositories of this package go through
   * {@link transaction}, {@link statement} or {@link query}, so the pool metrics see every query the apps make
   * (a lint rule keeps `.sql` out of the packages' and apps' sources).
   */
  readonly sql: Sql<{ bigint: bigint }>;
  readonly #metrics: PoolMetrics | undefined;
  readonly #logger: Logger | undefined;
  readonly #openProbe: () => Sql;
  #probe: Sql | undefined;

  constructor(options: DatabaseOptions) {
    const o = { ...DefaultDatabaseOptions, ...options };
    this.#logger = options.logger;
    const common = {
      idle_timeout: o.idleTimeoutMs / 1000,
      max_lifetime: o.maxLifetimeMs / 1000,
      connect_timeout: o.connectTimeoutMs / 1000,
      backoff: (failures: number) => reconnectBackoffMs(failures, o.reconnectBackoffMaxMs) / 1000,
      onnotice: () => {},
    };
    this.sql = postgres(o.url, {
      ...common,
      max: o.maxConnections,
      connection: { application_name: o.applicationName },
      // Money is bigint end to end: never let a balance pass through a JS number.
      types: { bigint: postgres.BigInt },
    });
    this.#openProbe = () =>
      postgres(o.url, { ...common, max: 1, connection: { application_name: `${o.applicationName}-probe` } });
    this.#metrics = options.metrics && {
      inUse: options.metrics.gauge({
        name: 'db_connections_in_use',
        help: 'Transactions and statements holding a pool connection',
      }),
      waitSeconds: options.metrics.histogram({
        name: 'db_acquire_wait_seconds',
        help: 'Time from asking for a transaction or statement to its first statement (pool wait, plus BEGIN for a transaction)',
        labelNames: ['op'],
        buckets: FAST_SECONDS_BUCKETS,
      }),
      durationSeconds: options.metrics.histogram({
        name: 'db_transaction_seconds',
        help: 'Transaction (or single statement) duration',
        labelNames: ['op', 'outcome'],
        buckets: FAST_SECONDS_BUCKETS,
      }),
      errors: options.metrics.counter({
        name: 'db_errors_total',
        help: 'Failed transactions by SQLSTATE',
        labelNames: ['op', 'code'],
      }),
    };
  }

  /** Runs `fn` in one transaction (READ COMMITTED); a throw rolls back and rethrows. */
  transaction<T>(op: string, fn: (tx: TransactionSql<{ bigint: bigint }>) => Promise<T>): Promise<T> {
    return inChildSpan(`db ${op}`, spanAttributes(op, 'transaction'), () =>
      this.#measured(op, (holding) => this.sql.begin((tx) => holding(() => fn(tx))) as Promise<T>),
    );
  }

  /**
   * Runs `fn` on a connection of its own without a transaction: for work that is one statement (a function
   * such as `droas_transfer`, atomic by itself), where BEGIN and COMMIT would only add round trips. Measured as
   * a transaction is: the wait is the pool's, the outcome `commit` or `rollback` as the statement succeeds.
   */
  statement<T>(op: string, fn: (sql: Sql<{ bigint: bigint }>) => Promise<T>): Promise<T> {
    return inChildSpan(`db ${op}`, spanAttributes(op, 'statement'), () =>
      this.#measured(op, async (holding) => {
        const reserved = await this.sql.reserve();
        try {
          return await holding(() => fn(reserved));
        } finally {
          reserved.release();
        }
      }),
    );
  }

  /**
   * Runs `fn` on the shared pool, as a plain `sql` query would: postgres.js sends it on an idle connection, or
   * pipelines it behind another query when none is idle. For the repositories' reads and single writes: the
   * pool behaves exactly as it did before they were measured, where {@link statement} would give each one a
   * connection of its own and give up postgres.js's pipelining on the path of every job. Measured in
   * `droas_db_transaction_seconds{op,outcome}` and `droas_db_errors_total{op,code}`; the duration includes
   * any wait, since the pool reports none apart. Not in the in-use gauge nor the wait histogram, which
   * describe connections held exclusively.
   */
  query<T>(op: string, fn: (sql: Sql<{ bigint: bigint }>) => Promise<T>): Promise<T> {
    return inChildSpan(`db ${op}`, spanAttributes(op, 'query'), () => this.#query(op, fn));
  }

  async #query<T>(op: string, fn: (sql: Sql<{ bigint: bigint }>) => Promise<T>): Promise<T> {
    const m = this.#metrics;
    const asked = performance.now();
    try {
      const result = await fn(this.sql);
      m?.durationSeconds.observe({ op, outcome: 'commit' }, (performance.now() - asked) / 1000);
      return result;
    } catch (error) {
      m?.durationSeconds.observe({ op, outcome: 'rollback' }, (performance.now() - asked) / 1000);
      m?.errors.inc({ op, code: errorCode(error) });
      throw error;
    }
  }

  /**
   * The pool metrics around one use of a connection: `run` gets the connection its own way and calls `holding`
   * with the work once it has it; the wait is until then, the duration from then to the end.
   */
  async #measured<T>(
    op: string,
    run: (holding: (work: () => Promise<T>) => Promise<T>) => Promise<T>,
  ): Promise<T> {
    const m = this.#metrics;
    const asked = performance.now();
    let began = asked;
    try {
      const result = await run(async (work) => {
        began = performance.now();
        m?.waitSeconds.observe({ op }, (began - asked) / 1000);
        m?.inUse.inc();
        try {
          return await work();
        } finally {
          m?.inUse.dec();
        }
      });
      m?.durationSeconds.observe({ op, outcome: 'commit' }, (performance.now() - began) / 1000);
      return result;
    } catch (error) {
      m?.durationSeconds.observe({ op, outcome: 'rollback' }, (performance.now() - began) / 1000);
      m?.errors.inc({ op, code: errorCode(error) });
      throw error;
    }
  }

  /**
   * Resolves when a query round-trips through the pool (opening a connection if none is idle): warms the
   * pool before a measurement. Not counted in the pool metrics.
   */
  async ping(): Promise<void> {
    await this.sql`select 1`;
  }

  /**
   * Resolves when Postgres answers `select 1` on a connection of its own, outside the pool: for readiness
   * probes, which ask whether Postgres is reachable, not whether the pool has a free connection (a busy
   * replica must not look unreachable), and which must not show up in the pool's metrics. One more
   * connection per process, opened on the first probe.
   */
  async probe(): Promise<void> {
    this.#probe ??= this.#openProbe();
    await this.#probe`select 1`;
  }

  /** Waits up to `timeoutMs` for running queries, then closes every connection. */
  async close(timeoutMs = 5_000): Promise<void> {
    await Promise.all([
      this.sql.end({ timeout: timeoutMs / 1000 }),
      this.#probe?.end({ timeout: timeoutMs / 1000 }),
    ]);
    this.#logger?.debug('database pool closed');
  }
}

/** The SQLSTATE (or postgres.js error code) of an error, for metrics and error filters. */
export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return 'unknown';
}

/** A database span names the operation the repositories gave, never a statement's text or its values. */
function spanAttributes(op: string, use: 'transaction' | 'statement' | 'query'): Record<string, string> {
  return { 'db.system.name': 'postgresql', 'db.operation.name': op, 'droas.db.use': use };
}
