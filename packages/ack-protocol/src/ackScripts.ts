import { TOKEN_BUCKET_LUA } from '@droas/resilience';
import { RECORD_FIELD } from './interactionKeys.js';

// The interaction record's scripts. Each touches the keys of one guild only (one Redis Cluster slot, by the
// hash tag in `interactionKeys`), and each is one round trip. The claim scripts are `ackClaim.ts` in Lua: a
// test runs the same table of cases through both.

const NOW_MS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Take the claim. KEYS[1] the record; ARGV party letter (`W`|`G`), lease ms, record TTL ms, holder or '',
 * a live lease to take over (its holder is dead) or ''.
 * Returns `{'taken', lease, afterLapse 0|1}`, `{'held', letter, leftMs, holder or '', lease}` or
 * `{'settled', value}`.
 */
export const TAKE_CLAIM_SCRIPT = `${NOW_MS}
local current = redis.call('HGET', KEYS[1], '${RECORD_FIELD.ack}')
local lapsed = 0
if current then
  local letter, until_ms, holder = string.match(current, '^([WG]):(%d+):?([%w_-]*)$')
  if not letter then
    return { 'settled', current }
  end
  local left = tonumber(until_ms) - now
  if left > 0 and current ~= ARGV[5] then
    return { 'held', letter, string.format('%d', left), holder, current }
  end
  lapsed = 1
end
local lease = ARGV[1] .. ':' .. string.format('%d', now + math.max(1, tonumber(ARGV[2])))
if ARGV[4] ~= '' then
  lease = lease .. ':' .. ARGV[4]
end
redis.call('HSET', KEYS[1], '${RECORD_FIELD.ack}', lease)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return { 'taken', lease, lapsed }
`;

/** Read the claim with Redis's clock. KEYS[1] the record. Returns `{value or '', nowMs}`. */
export const READ_CLAIM_SCRIPT = `${NOW_MS}
return { redis.call('HGET', KEYS[1], '${RECORD_FIELD.ack}') or '', string.format('%d', now) }
`;

/** Release one's own lease. KEYS[1] the record; ARGV[1] the lease as taken. Returns 1 if released. */
export const RELEASE_CLAIM_SCRIPT = `
if redis.call('HGET', KEYS[1], '${RECORD_FIELD.ack}') == ARGV[1] then
  return redis.call('HDEL', KEYS[1], '${RECORD_FIELD.ack}')
end
return 0
`;

/**
 * Write what Discord did (always the truth, so unconditional), and, when the answer was delivered, how.
 * KEYS[1] the record; ARGV settled value, done via or '', record TTL ms.
 */
export const SETTLE_CLAIM_SCRIPT = `
redis.call('HSET', KEYS[1], '${RECORD_FIELD.ack}', ARGV[1])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], '${RECORD_FIELD.done}', ARGV[2])
end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * Admit an interaction once: charge the member's and the guild's buckets at the interaction's creation time,
 * the moment the member asked, and keep the decision on the record, so a retry, a replay or a job that waited
 * out an outage is never charged or refused again. A decision refuses without charging either bucket.
 *
 * KEYS record, member bucket, guild bucket, notice flag. ARGV creation time ms, member capacity, member refill
 * per second, guild capacity, guild refill per second, record TTL ms.
 * Returns `{'done'|'again'|'first', decision or via, claim or '', notice flag 0|1, nowMs}`.
 */
export const ADMIT_SCRIPT = `${TOKEN_BUCKET_LUA}${NOW_MS}
local record = redis.call('HMGET', KEYS[1], '${RECORD_FIELD.admission}', '${RECORD_FIELD.done}', '${RECORD_FIELD.ack}')
local notice = redis.call('EXISTS', KEYS[4])
local claim = record[3] or ''
if record[2] then
  return { 'done', record[2], claim, notice, string.format('%d', now) }
end
if record[1] then
  return { 'again', record[1], claim, notice, string.format('%d', now) }
end
local at = tonumber(ARGV[1]) * 1000
local member_cap, member_rate = tonumber(ARGV[2]), tonumber(ARGV[3]) / 1000000
local guild_cap, guild_rate = tonumber(ARGV[4]), tonumber(ARGV[5]) / 1000000
local member_tokens, member_ts = bucket_level(KEYS[2], member_cap, member_rate, at)
local guild_tokens, guild_ts = bucket_level(KEYS[3], guild_cap, guild_rate, at)
local decision
if member_tokens < 1 then
  decision = 'user:' .. string.format('%d', bucket_wait_ms(member_tokens, 1, member_rate))
elseif guild_tokens < 1 then
  decision = 'guild:' .. string.format('%d', bucket_wait_ms(guild_tokens, 1, guild_rate))
else
  bucket_store(KEYS[2], member_tokens - 1, member_ts, member_cap, member_rate, at)
  bucket_store(KEYS[3], guild_tokens - 1, guild_ts, guild_cap, guild_rate, at)
  decision = 'ok'
end
redis.call('HSET', KEYS[1], '${RECORD_FIELD.admission}', decision)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return { 'first', decision, claim, notice, string.format('%d', now) }
`;
