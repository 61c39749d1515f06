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
 * A bucket judged on the interactions' own clock, whatever order they reach a worker in. In order (a request at
 * or after the bucket's latest charge) it is the token bucket of TOKEN_BUCKET_LUA. A late request (older than
 * a charge already made: a job that waited out an outage or a lock expiry while newer ones ran) is judged
 * against the log of the bucket's latest charges instead: it fits when, with it inserted where it belongs,
 * every stretch of time that contains it holds no more charges than the bucket allows over that stretch
 * (capacity + rate × length), which is what a token bucket that had seen the requests in order would have
 * said. Charging it then lowers the bucket's level only by what it still costs now (nothing, when the bucket
 * would have refilled it before its latest charge). Judging it as if it came now, as the plain bucket does,
 * refused members who kept within the limit whenever their commands were processed out of order.
 *
 * The log is a sorted set of the latest charges (interaction id, time in µs), at most log_size of them, kept
 * as long as the bucket's own key. Stretches reaching past its oldest entry are not checked: a bound on how
 * far back lateness is judged exactly, lenient beyond it.
 */
const BUCKET_ON_ASKED_CLOCK_LUA = `
-- The log's times with at_us inserted in order, as offsets from at_us (small numbers keep the arithmetic
-- exact), and the insert's position.
local function log_with(log_key, at_us)
  local entries = redis.call('ZRANGE', log_key, 0, -1, 'WITHSCORES')
  local xs, p = {}, 1
  for k = 2, #entries, 2 do
    xs[#xs + 1] = tonumber(entries[k]) - at_us
    if xs[#xs] <= 0 then
      p = p + 1
    end
  end
  table.insert(xs, p, 0)
  return xs, p
end

-- A request at at_us against one bucket: { fits, level it leaves, stored ts, wait ms when it does not fit }.
local function bucket_verdict(key, log_key, capacity, rate_us, at_us)
  local tokens, ts = bucket_level(key, capacity, rate_us, at_us)
  if at_us >= ts then
    if tokens < 1 then
      return { false, tokens, ts, bucket_wait_ms(tokens, 1, rate_us) }
    end
    return { true, tokens - 1, ts, 0 }
  end
  local xs, p = log_with(log_key, at_us)
  -- Every stretch [xs[i], xs[j]] with i <= p <= j holds j - i + 1 charges; it may hold capacity + rate x length.
  -- The worst one splits into a best start and a best end: max(rate x xs[i] - i) + max(j - rate x xs[j]) + 1.
  local worst_start, worst_end = -math.huge, -math.huge
  for i = 1, p do
    worst_start = math.max(worst_start, rate_us * xs[i] - i)
  end
  for j = p, #xs do
    worst_end = math.max(worst_end, j - rate_us * xs[j])
  end
  if worst_start + worst_end + 1 > capacity + 1e-9 then
    return { false, tokens, ts, math.max(1, bucket_wait_ms(math.min(tokens, 0), 1, rate_us)) }
  end
  -- The level at ts with this charge in: the tightest stretch ending at ts, and never more than before.
  local last, level = ts - at_us, tokens
  for i = 1, #xs do
    level = math.min(level, capacity + rate_us * (last - xs[i]) - (#xs - i + 1))
  end
  return { true, level, ts, 0 }
end

-- Charges a request that fit: the bucket keeps its level, the log the charge, both for as long as the bucket
-- takes to fill again.
local function bucket_charge(key, log_key, verdict, capacity, rate_us, at_us, id, log_size)
  bucket_store(key, verdict[2], verdict[3], capacity, rate_us, at_us)
  redis.call('ZADD', log_key, at_us, id)
  redis.call('ZREMRANGEBYRANK', log_key, 0, -(log_size + 1))
  redis.call('PEXPIRE', log_key, bucket_ttl_ms(verdict[2], capacity, rate_us))
end
`;

/**
 * Admit an interaction once: charge the member's and the guild's buckets at the interaction's creation time,
 * the moment the member asked, and keep the decision on the record, so a retry, a replay or a job that waited
 * out an outage is never charged or refused again. A decision refuses without charging either bucket. Each
 * bucket is judged on that clock whatever order the interactions come in (BUCKET_ON_ASKED_CLOCK_LUA).
 *
 * KEYS record, member bucket, guild bucket, notice flag, member log, guild log. ARGV creation time ms, member
 * capacity, member refill per second, guild capacity, guild refill per second, record TTL ms, interaction id,
 * member log size, guild log size.
 * Returns `{'done'|'again'|'first', decision or via, claim or '', notice flag 0|1, nowMs}`.
 */
export const ADMIT_SCRIPT = `${TOKEN_BUCKET_LUA}${BUCKET_ON_ASKED_CLOCK_LUA}${NOW_MS}
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
local member = bucket_verdict(KEYS[2], KEYS[5], member_cap, member_rate, at)
local guild = bucket_verdict(KEYS[3], KEYS[6], guild_cap, guild_rate, at)
local decision
if not member[1] then
  decision = 'user:' .. string.format('%d', member[4])
elseif not guild[1] then
  decision = 'guild:' .. string.format('%d', guild[4])
else
  bucket_charge(KEYS[2], KEYS[5], member, member_cap, member_rate, at, ARGV[7], tonumber(ARGV[8]))
  bucket_charge(KEYS[3], KEYS[6], guild, guild_cap, guild_rate, at, ARGV[7], tonumber(ARGV[9]))
  decision = 'ok'
end
redis.call('HSET', KEYS[1], '${RECORD_FIELD.admission}', decision)
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return { 'first', decision, claim, notice, string.format('%d', now) }
`;
