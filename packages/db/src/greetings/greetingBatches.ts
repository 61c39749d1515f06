import type { Database } from '../database.js';
import type { GreetingKind } from './greetingSettingsRows.js';
import { DELIVERY_COLUMNS, toDelivery, type GreetingDelivery } from './greetingDeliveries.js';

/**
 * Takes the next batch of greetings waiting for `channelId`: a batch some worker claimed and never finished
 * first (it is sent again under the same id, which Discord's nonce turns into the same message), else up to
 * `limit` queued ones, oldest first, claimed under `batchId`. Concurrent workers get disjoint batches
 * (`SKIP LOCKED`). Empty when nothing waits. One statement, so one round trip on the path of every greeting.
 */
export async function claimGreetingBatch(
  db: Database,
  channelId: string,
  kind: GreetingKind,
  batchId: string,
  limit: number,
  staleAfterMs = 10_000,
): Promise<{ batchId: string; greetings: GreetingDelivery[] }> {
  const rows = (await db.query('claimGreetingBatch', (sql) =>
    sql.unsafe(
      `with stale as (
       select batch_id from greeting_deliveries
       where channel_id = $2 and kind = $3 and status = 'sending'
         and updated_at < now() - make_interval(secs => $5)
       order by created_at limit 1),
     picked as (
       select ctid from greeting_deliveries
       where channel_id = $2 and kind = $3
         and case when exists (select 1 from stale)
               then status = 'sending' and batch_id = (select batch_id from stale)
               else status = 'queued' end
       order by created_at limit $4 for update skip locked)
     update greeting_deliveries g
     set status = 'sending', batch_id = coalesce((select batch_id from stale), $1), updated_at = now(),
       attempts = g.attempts + 1
     from picked where g.ctid = picked.ctid
     returning ${DELIVERY_COLUMNS.split(',')
       .map((c) => `g.${c.trim()}`)
       .join(', ')}`,
      [batchId, channelId, kind, limit, staleAfterMs / 1000],
    ),
  )) as unknown as Parameters<typeof toDelivery>[0][];
  const greetings = rows.map(toDelivery);
  greetings.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  return { batchId: greetings[0]?.batchId ?? batchId, greetings };
}

/** The batch's message reached the channel: every greeting in it is sent, alone or coalesced. */
export async function completeGreetingBatch(
  db: Database,
  batchId: string,
  messageId: string,
  mode: 'alone' | 'coalesced',
): Promise<number> {
  const rows = await db.query(
    'completeGreetingBatch',
    (sql) => sql`
    update greeting_deliveries
    set status = 'sent', mode = ${mode}, message_id = ${messageId}, sent_at = now(), updated_at = now()
    where batch_id = ${batchId} and status = 'sending' returning 1`,
  );
  return rows.length;
}

/** The batch can never be sent (the channel is gone, or the bot may not write there): failed, with why. */
export async function failGreetingBatch(db: Database, batchId: string, reason: string): Promise<number> {
  const rows = await db.query(
    'failGreetingBatch',
    (sql) => sql`
    update greeting_deliveries set status = 'failed', reason = ${reason.slice(0, 500)}, updated_at = now()
    where batch_id = ${batchId} and status = 'sending' returning 1`,
  );
  return rows.length;
}

/**
 * Greetings a flush of `channelId` would take now: queued ones, and batches abandoned by their sender (claimed
 * longer than `staleAfterMs` ago). A batch another sender is sending right now is not counted: its sender
 * finishes it.
 */
export async function countWaitingGreetings(
  db: Database,
  channelId: string,
  kind: GreetingKind,
  staleAfterMs = 10_000,
): Promise<number> {
  const [row] = await db.query(
    'countWaitingGreetings',
    (sql) => sql<{ n: number }[]>`
    select count(*)::int as n from greeting_deliveries
    where channel_id = ${channelId} and kind = ${kind}
      and (status = 'queued'
        or (status = 'sending' and updated_at < now() - make_interval(secs => ${staleAfterMs / 1000})))`,
  );
  return row?.n ?? 0;
}

/**
 * Puts a batch that surely was not sent (Discord answered 429, or a budget refused it) back in the queue, so
 * the next flush takes its greetings in a new batch.
 */
export async function requeueGreetingBatch(db: Database, batchId: string): Promise<number> {
  const rows = await db.query(
    'requeueGreetingBatch',
    (sql) => sql`
    update greeting_deliveries set status = 'queued', batch_id = null, updated_at = now()
    where batch_id = ${batchId} and status = 'sending' returning 1`,
  );
  return rows.length;
}

/**
 * Channels with greetings that waited longer than `olderThanMs` (queued, or claimed by a worker that never
 * finished): their flush was lost, to a crash or a full queue. What a sweep flushes again.
 */
export async function overdueGreetingChannels(
  db: Database,
  olderThanMs: number,
  limit = 100,
): Promise<{ guildId: string; channelId: string; kind: GreetingKind }[]> {
  const rows = await db.query(
    'overdueGreetingChannels',
    (sql) => sql<{ guild_id: string; channel_id: string; kind: GreetingKind }[]>`
    select distinct guild_id::text, channel_id::text, kind from greeting_deliveries
    where status in ('queued', 'sending') and channel_id is not null
      and updated_at < now() - make_interval(secs => ${olderThanMs / 1000})
    limit ${limit}`,
  );
  return rows.map((r) => ({ guildId: r.guild_id, channelId: r.channel_id, kind: r.kind }));
}
