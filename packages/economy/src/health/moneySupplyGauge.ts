import { readLedgerDrift, readMoneySupply, type Database } from '@droas/db';
import type { Gauge, Logger, Metrics } from '@droas/runtime';

export interface MoneySupplyGaugeOptions {
  /** Refresh at most this often, whatever the scrape rate. */
  refreshIntervalMs: number;
  /** Stop reporting a guild this process has not changed for this long. */
  forgetAfterMs: number;
  /** Re-read the ledger drift at most this often: it reads every ledger entry of the tracked guilds. */
  driftRefreshIntervalMs: number;
  now: () => number;
}

/**
 * `droas_economy_money_supply{guild_id}`: the sum of balances of each guild this process changed recently.
 * Kept cheap: nothing happens per command but noting the guild; at scrape time (at most once per
 * `refreshIntervalMs`) one grouped query sums those guilds from the leaderboard index. Every process that
 * reports a guild reads the same Postgres truth at its scrape, so `max by (guild_id)` across processes is
 * the supply. Values above 2^53 lose precision in the gauge (Prometheus samples are doubles); the verify CLI
 * reports exact sums.
 *
 * `droas_economy_ledger_drift{guild_id}`: for the same guilds, the sum of balances minus the sum of ledger
 * deltas, which the ledger's invariant holds at exactly 0; anything else is money made or lost outside the
 * ledger (the money-invariant alert). Dearer (every ledger entry of those guilds), so on its own, slower
 * interval; `economy:verify` remains the full, per-account proof.
 */
export class MoneySupplyGauge {
  readonly #gauge: Gauge<'guild_id'>;
  readonly #drift: Gauge<'guild_id'>;
  readonly #changedAtMs = new Map<string, number>();
  #lastRefreshMs = -Infinity;
  #lastDriftMs = -Infinity;
  #refreshing: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    metrics: Metrics,
    private readonly logger: Logger,
    private readonly options: MoneySupplyGaugeOptions,
  ) {
    this.#gauge = metrics.gauge({
      name: 'economy_money_supply',
      help: 'Sum of balances per guild (guilds this process changed recently); aggregate with max by (guild_id)',
      labelNames: ['guild_id'],
      collect: () => this.#refreshOnScrape(),
    });
    this.#drift = metrics.gauge({
      name: 'economy_ledger_drift',
      help: 'Sum of balances minus sum of ledger deltas per guild (guilds this process changed recently); 0 unless the ledger invariant broke',
      labelNames: ['guild_id'],
      collect: () => this.#refreshOnScrape(),
    });
  }

  /** Notes that money was created or destroyed in `guildId` (or may have been: an account opened). */
  noteChange(guildId: string): void {
    this.#changedAtMs.set(guildId, this.options.now());
  }

  /** Re-reads the supply of every guild still tracked and forgets the stale ones. */
  async refresh(): Promise<void> {
    const now = this.options.now();
    this.#lastRefreshMs = now;
    for (const [guildId, at] of this.#changedAtMs) {
      if (now - at > this.options.forgetAfterMs) {
        this.#changedAtMs.delete(guildId);
        this.#gauge.remove({ guild_id: guildId });
        this.#drift.remove({ guild_id: guildId });
      }
    }
    const guilds = [...this.#changedAtMs.keys()];
    const supply = await readMoneySupply(this.db, guilds);
    for (const guildId of guilds) this.#gauge.set({ guild_id: guildId }, Number(supply.get(guildId) ?? 0n));
    if (now - this.#lastDriftMs < this.options.driftRefreshIntervalMs) return;
    this.#lastDriftMs = now;
    const drift = await readLedgerDrift(this.db, guilds);
    for (const guildId of guilds) this.#drift.set({ guild_id: guildId }, Number(drift.get(guildId) ?? 0n));
  }

  async #refreshOnScrape(): Promise<void> {
    const due = this.options.now() - this.#lastRefreshMs >= this.options.refreshIntervalMs;
    if (!due && this.#refreshing === undefined) return;
    // Concurrent scrapes, and both gauges of one scrape, share one refresh.
    this.#refreshing ??= this.refresh()
      .catch((error: unknown) => {
        // A failed refresh must not fail /metrics: the previous values stay, the log says why.
        this.logger.warn({ err: error }, 'money supply refresh failed');
      })
      .finally(() => {
        this.#refreshing = undefined;
      });
    await this.#refreshing;
  }
}
