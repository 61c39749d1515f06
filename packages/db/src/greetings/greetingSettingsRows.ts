import type { Database } from '../database.js';

/** `welcome` (on join) or `goodbye` (on leave). */
export type GreetingKind = 'welcome' | 'goodbye';

/** A guild's settings for one kind, as stored: the welcome package's document and what the bot learned. */
export interface GreetingSettingsRow {
  /** The welcome package's settings document; validated there, opaque here. */
  readonly settings: unknown;
  /** Set when the bot could not send to the configured channel; cleared by any change of the settings. */
  readonly blocked: { readonly reason: string; readonly since: Date } | undefined;
  /** Grows with every write: a cache holding an older version holds stale settings. */
  readonly version: number;
}

interface Row {
  settings: unknown;
  blocked_reason: string | null;
  blocked_at: Date | null;
  version: bigint;
}

function toRow(r: Row): GreetingSettingsRow {
  return {
    settings: r.settings,
    blocked:
      r.blocked_reason === null
        ? undefined
        : { reason: r.blocked_reason, since: r.blocked_at ?? new Date(0) },
    version: Number(r.version),
  };
}

/** The stored settings, or undefined when the guild never configured this kind (all defaults). */
export async function readGreetingSettings(
  db: Database,
  guildId: string,
  kind: GreetingKind,
): Promise<GreetingSettingsRow | undefined> {
  const [row] = await db.query(
    'readGreetingSettings',
    (sql) => sql<Row[]>`
    select settings, blocked_reason, blocked_at, version from greeting_settings
    where guild_id = ${guildId} and kind = ${kind}`,
  );
  return row === undefined ? undefined : toRow(row);
}

/** Writes the settings (an admin changed them): a new version, and whatever blocked the channel is forgotten. */
export async function writeGreetingSettings(
  db: Database,
  guildId: string,
  kind: GreetingKind,
  settings: unknown,
): Promise<GreetingSettingsRow> {
  const json = JSON.stringify(settings);
  const [row] = await db.query(
    'writeGreetingSettings',
    (sql) => sql<Row[]>`
    insert into greeting_settings (guild_id, kind, settings)
    values (${guildId}, ${kind}, ${json}::text::jsonb)
    on conflict (guild_id, kind) do update
      set settings = excluded.settings, blocked_reason = null, blocked_at = null,
          version = greeting_settings.version + 1, updated_at = now()
    returning settings, blocked_reason, blocked_at, version`,
  );
  return toRow(row!);
}

/**
 * Records that the configured channel cannot be sent to, and why; stays until the settings change. Returns
 * the new version, or undefined when the guild has no settings row (nothing to block).
 */
export async function blockGreetingChannel(
  db: Database,
  guildId: string,
  kind: GreetingKind,
  reason: string,
): Promise<number | undefined> {
  const [row] = await db.query(
    'blockGreetingChannel',
    (sql) => sql<{ version: bigint }[]>`
    update greeting_settings
    set blocked_reason = ${reason.slice(0, 500)}, blocked_at = now(), version = version + 1, updated_at = now()
    where guild_id = ${guildId} and kind = ${kind} and blocked_reason is null
    returning version`,
  );
  return row === undefined ? undefined : Number(row.version);
}
