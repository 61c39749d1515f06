import type { Database } from '../database.js';
import type { GreetingKind } from './greetingSettingsRows.js';

/** Where a greeting stands. */
export type GreetingStatus = 'waiting-screening' | 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

/** A greeting owed: one member's join (or leave) in a guild. */
export interface GreetingDelivery {
  readonly guildId: string;
  readonly userId: string;
  readonly kind: GreetingKind;
  readonly eventAt: Date;
  readonly status: GreetingStatus;
  readonly mode: 'alone' | 'coalesced' | undefined;
  readonly channelId: string | undefined;
  readonly batchId: string | undefined;
  readonly messageId: string | undefined;
  readonly reason: string | undefined;
  /** What became of the member's DM (welcome), once it was tried. */
  readonly dmStatus: 'sent' | 'refused' | 'shed' | 'failed' | undefined;
  /** What became of the member's autoroles, once they were given. */
  readonly rolesStatus: string | undefined;
  /** What the message needs of the member (name, avatar…): the welcome package's document. */
  readonly member: unknown;
  readonly receivedAt: Date;
  readonly sentAt: Date | undefined;
  /** Times the greeting was claimed to be sent (a batch sent again, or put back after a 429, counts again). */
  readonly attempts: number;
  readonly updatedAt: Date;
}

/** The identity of one greeting. */
export interface GreetingKey {
  readonly guildId: string;
  readonly userId: string;
  readonly kind: GreetingKind;
  readonly eventAt: Date;
}

interface Row {
  guild_id: bigint;
  user_id: bigint;
  kind: GreetingKind;
  event_at: Date;
  status: GreetingStatus;
  mode: 'alone' | 'coalesced' | null;
  channel_id: bigint | null;
  batch_id: string | null;
  message_id: bigint | null;
  reason: string | null;
  dm_status: 'sent' | 'refused' | 'shed' | 'failed' | null;
  roles_status: string | null;
  member: unknown;
  received_at: Date;
  sent_at: Date | null;
  attempts: number;
  updated_at: Date;
}

export const DELIVERY_COLUMNS =
  'guild_id, user_id, kind, event_at, status, mode, channel_id, batch_id, message_id, reason, dm_status, roles_status, member, received_at, sent_at, updated_at, attempts';

export function toDelivery(r: Row): GreetingDelivery {
  return {
    guildId: String(r.guild_id),
    userId: String(r.user_id),
    kind: r.kind,
    eventAt: r.event_at,
    status: r.status,
    mode: r.mode ?? undefined,
    channelId: r.channel_id === null ? undefined : String(r.channel_id),
    batchId: r.batch_id ?? undefined,
    messageId: r.message_id === null ? undefined : String(r.message_id),
    reason: r.reason ?? undefined,
    dmStatus: r.dm_status ?? undefined,
    rolesStatus: r.roles_status ?? undefined,
    member: r.member,
    receivedAt: r.received_at,
    sentAt: r.sent_at ?? undefined,
    attempts: r.attempts,
    updatedAt: r.updated_at,
  };
}

/**
 * Records a greeting owed, once: a second record of the same event (a redelivered join) changes nothing and
 * returns the first. `created` says which.
 */
export async function recordGreeting(
  db: Database,
  greeting: GreetingKey & {
    status: GreetingStatus;
    channelId?: string;
    reason?: string;
    /** Known at once, e.g. a DM shed during a raid: saves a second write. */
    dmStatus?: 'shed';
    member: unknown;
    receivedAt: Date;
  },
): Promise<{ created: boolean; delivery: GreetingDelivery }> {
  const inserted = await db.query('recordGreeting', (sql) =>
    sql.unsafe<Row[]>(
      `insert into greeting_deliveries
       (guild_id, user_id, kind, event_at, status, channel_id, reason, member, received_at, dm_status)
     values ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10)
     on conflict (guild_id, user_id, kind, event_at) do nothing
     returning ${DELIVERY_COLUMNS}`,
      [
        greeting.guildId,
        greeting.userId,
        greeting.kind,
        greeting.eventAt,
        greeting.status,
        greeting.channelId ?? null,
        greeting.reason?.slice(0, 500) ?? null,
        JSON.stringify(greeting.member),
        greeting.receivedAt,
        greeting.dmStatus ?? null,
      ],
    ),
  );
  if (inserted[0] !== undefined) return { created: true, delivery: toDelivery(inserted[0]) };
  const existing = await readGreeting(db, greeting);
  if (existing === undefined) throw new Error('a greeting vanished after its insert conflicted');
  return { created: false, delivery: existing };
}

export async function readGreeting(db: Database, key: GreetingKey): Promise<GreetingDelivery | undefined> {
  const [row] = await db.query('readGreeting', (sql) =>
    sql.unsafe<Row[]>(
      `select ${DELIVERY_COLUMNS} from greeting_deliveries
     where guild_id = $1 and user_id = $2 and kind = $3 and event_at = $4`,
      [key.guildId, key.userId, key.kind, key.eventAt],
    ),
  );
  return row === undefined ? undefined : toDelivery(row);
}

/** Moves a greeting on from `from` (so a concurrent change wins); false when it was not in that state. */
export async function advanceGreeting(
  db: Database,
  key: GreetingKey,
  from: readonly GreetingStatus[],
  to: { status: GreetingStatus; channelId?: string; reason?: string },
): Promise<boolean> {
  const rows = await db.query(
    'advanceGreeting',
    (sql) => sql`
    update greeting_deliveries
    set status = ${to.status}, channel_id = coalesce(${to.channelId ?? null}::bigint, channel_id),
        reason = coalesce(${to.reason?.slice(0, 500) ?? null}, reason), updated_at = now()
    where guild_id = ${key.guildId} and user_id = ${key.userId} and kind = ${key.kind} and event_at = ${key.eventAt}
      and status = any(${from as string[]})
    returning 1`,
  );
  return rows.length === 1;
}

/** Notes what became of the member's DM and autoroles. */
export async function noteGreetingExtras(
  db: Database,
  key: GreetingKey,
  extras: { dmStatus?: 'sent' | 'refused' | 'shed' | 'failed'; rolesStatus?: string },
): Promise<void> {
  await db.query(
    'noteGreetingExtras',
    (sql) => sql`
    update greeting_deliveries
    set dm_status = coalesce(${extras.dmStatus ?? null}, dm_status),
        roles_status = coalesce(${extras.rolesStatus?.slice(0, 500) ?? null}, roles_status), updated_at = now()
    where guild_id = ${key.guildId} and user_id = ${key.userId} and kind = ${key.kind} and event_at = ${key.eventAt}`,
  );
}

/** Every welcome of the member still waiting for screening: skipped, with `reason` (the member left). */
export async function skipWaitingGreetings(
  db: Database,
  guildId: string,
  userId: string,
  reason: string,
): Promise<number> {
  const rows = await db.query(
    'skipWaitingGreetings',
    (sql) => sql`
    update greeting_deliveries set status = 'skipped', reason = ${reason}, updated_at = now()
    where guild_id = ${guildId} and user_id = ${userId} and kind = 'welcome' and status = 'waiting-screening'
    returning 1`,
  );
  return rows.length;
}

/** A guild's latest failed greetings of one kind, newest first. */
export async function recentGreetingFailures(
  db: Database,
  guildId: string,
  kind: GreetingKind,
  limit = 5,
): Promise<GreetingDelivery[]> {
  const rows = await db.query('recentGreetingFailures', (sql) =>
    sql.unsafe<Row[]>(
      `select ${DELIVERY_COLUMNS} from greeting_deliveries
     where guild_id = $1 and kind = $2 and status = 'failed' order by updated_at desc limit $3`,
      [guildId, kind, limit],
    ),
  );
  return rows.map(toDelivery);
}
