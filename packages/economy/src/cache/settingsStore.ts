import {
  decodeOutcome,
  encodeOutcome,
  readEconomySettings,
  type Database,
  type EconomySettings,
} from '@droas/db';
import { timeQuery } from '../economyMetrics.js';
import { CACHE_DOWN, countLookup, tryCache, type CacheContext } from './cacheContext.js';

/**
 * Guild settings, read through a versioned Redis cache. A change writes the new row through (see
 * {@link SettingsStore.refresh}); the version (the row's change time in µs, strictly growing) keeps a slow
 * reader from putting an older copy back. With Redis flushed or down, every read goes to Postgres.
 */
export class SettingsStore {
  constructor(
    private readonly ctx: CacheContext,
    private readonly db: Database,
    private readonly ttlMs: number,
  ) {}

  async get(guildId: string): Promise<EconomySettings> {
    const key = this.ctx.keys.settings(guildId);
    const cached = await tryCache(this.ctx, 'settings', 'read', () => this.ctx.versioned.get(key));
    if (cached !== CACHE_DOWN) {
      countLookup(this.ctx, 'settings', cached !== undefined);
      if (cached) return decodeOutcome<EconomySettings>(cached.data);
    }
    return this.refresh(guildId);
  }

  /** Reads the settings from Postgres and writes them through; after a change commits, and on a miss. */
  async refresh(guildId: string): Promise<EconomySettings> {
    const settings = await timeQuery(this.ctx.metrics, 'settings', () =>
      readEconomySettings(this.db, guildId),
    );
    await tryCache(this.ctx, 'settings', 'write', () =>
      this.ctx.versioned.setIfNewer(
        this.ctx.keys.settings(guildId),
        { version: settings.version, data: encodeOutcome(settings) },
        this.ctx.ttl(this.ttlMs),
      ),
    );
    return settings;
  }
}
