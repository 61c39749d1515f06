import {
  blockGreetingChannel,
  readGreetingSettings,
  writeGreetingSettings,
  type Database,
  type GreetingSettingsRow,
} from '@droas/db';
import { RedisVersionedCache } from '@droas/resilience';
import type { Logger, RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import type { GreetingKind } from '../message/greetingMessage.js';
import { DEFAULT_GOODBYE_SETTINGS, DEFAULT_WELCOME_SETTINGS } from '../settings/defaultGreetingSettings.js';
import type {
  BlockReason,
  GoodbyeSettings,
  GreetingSettings,
  WelcomeSettings,
} from '../settings/greetingSettings.js';

type SettingsOf<K extends GreetingKind> = K extends 'welcome' ? WelcomeSettings : GoodbyeSettings;

/**
 * A guild's welcome and goodbye settings: Postgres is the truth, Redis a versioned cache of it (one key per
 * guild and kind). Every write goes through to the cache under the row's new version, and a reader filling a
 * miss can never put an older copy back over it, so a change is seen by every replica at its next read. What
 * blocks sending lives beside the settings in Postgres and is folded into them here.
 */
export class GreetingSettingsStore {
  readonly #cache: RedisVersionedCache;

  constructor(
    private readonly deps: {
      db: Database;
      redis: Redis | Cluster;
      namespace: RedisNamespace;
      logger: Logger;
      ttlMs: number;
    },
  ) {
    this.#cache = new RedisVersionedCache(deps.redis);
  }

  async get<K extends GreetingKind>(guildId: string, kind: K): Promise<SettingsOf<K>> {
    try {
      const cached = await this.#cache.get(this.#key(guildId, kind));
      if (cached !== undefined) return JSON.parse(cached.data) as SettingsOf<K>;
    } catch (error) {
      this.deps.logger.debug({ err: error }, 'welcome settings cache unavailable; reading Postgres');
    }
    return (await this.#refresh(guildId, kind)) as SettingsOf<K>;
  }

  /** Stores settings an admin changed (which also forgets what blocked sending). */
  async save(guildId: string, settings: GreetingSettings): Promise<void> {
    const { blocked: _blocked, ...document } = settings;
    await writeGreetingSettings(this.deps.db, guildId, settings.kind, document);
    await this.#refresh(guildId, settings.kind);
  }

  /** Stops sending to the channel until an admin changes the settings. */
  async block(guildId: string, kind: GreetingKind, reason: BlockReason): Promise<void> {
    await blockGreetingChannel(this.deps.db, guildId, kind, reason);
    await this.#refresh(guildId, kind);
  }

  /** Reads Postgres and writes the cache through, unless it already holds this version or a newer one. */
  async #refresh(guildId: string, kind: GreetingKind): Promise<GreetingSettings> {
    const row = await readGreetingSettings(this.deps.db, guildId, kind);
    const settings = toSettings(kind, row);
    await this.#cache
      .setIfNewer(
        this.#key(guildId, kind),
        { version: BigInt(row?.version ?? 0), data: JSON.stringify(settings) },
        this.deps.ttlMs,
      )
      .catch(() => undefined);
    return settings;
  }

  #key(guildId: string, kind: GreetingKind): string {
    return this.deps.namespace.key('settings', kind, guildId);
  }
}

const BLOCK_REASONS = new Set<string>(['channel-missing', 'missing-access', 'missing-permissions']);

/** The stored row as settings: defaults for what was never set, and the block folded in. */
function toSettings(kind: GreetingKind, row: GreetingSettingsRow | undefined): GreetingSettings {
  const defaults: GreetingSettings = kind === 'welcome' ? DEFAULT_WELCOME_SETTINGS : DEFAULT_GOODBYE_SETTINGS;
  if (row === undefined) return defaults;
  const stored = (
    typeof row.settings === 'object' && row.settings !== null ? row.settings : {}
  ) as Partial<GreetingSettings>;
  const blocked =
    row.blocked !== undefined && BLOCK_REASONS.has(row.blocked.reason)
      ? { reason: row.blocked.reason as BlockReason, sinceMs: row.blocked.since.getTime() }
      : null;
  return { ...defaults, ...stored, kind, blocked } as GreetingSettings;
}
