import type { Database } from '../database.js';

/** An answer a member never received, waiting to be told on their next interaction. */
export interface UndeliveredNotice {
  readonly interactionId: string;
  readonly text: string;
  readonly createdAt: Date;
}

/** Keeps `text` for the member; a second record for the same interaction (a retried job) changes nothing. */
export async function recordUndeliveredNotice(
  db: Database,
  notice: { interactionId: string; guildId: string; userId: string; text: string },
): Promise<void> {
  await db.query(
    'recordUndeliveredNotice',
    (sql) => sql`
      insert into undelivered_notices (interaction_id, guild_id, user_id, text)
      values (${notice.interactionId}, ${notice.guildId}, ${notice.userId}, ${notice.text})
      on conflict (interaction_id) do nothing`,
  );
}

/** The member's waiting notices in the guild, oldest first. */
export async function readUndeliveredNotices(
  db: Database,
  guildId: string,
  userId: string,
  limit = 5,
): Promise<UndeliveredNotice[]> {
  const rows = await db.query(
    'readUndeliveredNotices',
    (sql) => sql<{ interaction_id: bigint; text: string; created_at: Date }[]>`
      select interaction_id, text, created_at from undelivered_notices
      where guild_id = ${guildId} and user_id = ${userId} and delivered_at is null
      order by created_at limit ${limit}`,
  );
  return rows.map((r) => ({
    interactionId: String(r.interaction_id),
    text: r.text,
    createdAt: r.created_at,
  }));
}

/** Marks notices as told; returns how many the member still has waiting. */
export async function markNoticesDelivered(
  db: Database,
  guildId: string,
  userId: string,
  interactionIds: readonly string[],
): Promise<number> {
  return db.query('markNoticesDelivered', async (sql) => {
    await sql`
      update undelivered_notices set delivered_at = now()
      where interaction_id = any(${interactionIds}::bigint[]) and delivered_at is null`;
    const [row] = await sql<{ waiting: number }[]>`
      select count(*)::int as waiting from undelivered_notices
      where guild_id = ${guildId} and user_id = ${userId} and delivered_at is null`;
    return row?.waiting ?? 0;
  });
}

/** Every member with notices waiting, so their flags can be set again (after Redis lost them). */
export async function listMembersWithNotices(
  db: Database,
  limit = 100_000,
): Promise<{ guildId: string; userId: string }[]> {
  const rows = await db.query(
    'listMembersWithNotices',
    (sql) => sql<{ guild_id: bigint; user_id: bigint }[]>`
      select distinct guild_id, user_id from undelivered_notices where delivered_at is null limit ${limit}`,
  );
  return rows.map((r) => ({ guildId: String(r.guild_id), userId: String(r.user_id) }));
}
