/**
 * The token bucket in Lua, as functions other scripts embed: `TOKEN_BUCKET_TAKE_SCRIPT` below takes from one
 * bucket on Redis's clock, and the interaction admission script (`@droas/ack-protocol`) charges a member's
 * and a guild's bucket at once on the interaction's own clock. A bucket is a hash `{ tokens, ts }` (ts in
 * microseconds). It mirrors `takeFromBucket` in tokenBucket.ts; a change to one is a change to both.
 *
 * - A denial writes nothing: the stored state still describes the bucket exactly, and a flood of denied takes
 *   (a raid) then costs no writes and no replication.
 * - The key expires when the bucket would be full again: a missing bucket is read as full, so expiry loses
 *   nothing and idle buckets cost no memory.
 * - Numbers go to Redis as numbers: Redis formats them exactly, where tostring() would round a 16-digit
 *   microsecond timestamp.
 */
export const TOKEN_BUCKET_LUA = `
-- The bucket at KEYS-style key as of now_us: its tokens then, and its stored timestamp.
local function bucket_level(key, capacity, refill_per_us, now_us)
  local state = redis.call('HMGET', key, 'tokens', 'ts')
  local tokens = tonumber(state[1])
  local ts = tonumber(state[2])
  if tokens == nil or ts == nil then
    return capacity, now_us
  end
  -- A clock that went backwards (a failover, a job older than the last one) refills nothing.
  local elapsed = math.max(0, now_us - ts)
  return math.min(capacity, tokens + elapsed * refill_per_us), ts
end

-- How long until a bucket holding tokens has cost of them.
local function bucket_wait_ms(tokens, cost, refill_per_us)
  return math.ceil((cost - tokens) / refill_per_us / 1000)
end

-- How long until a bucket holding tokens is full again: its key's lifetime.
local function bucket_ttl_ms(tokens, capacity, refill_per_us)
  return math.max(1, math.ceil((capacity - tokens) / refill_per_us / 1000))
end

-- Stores a bucket left holding tokens. Never moves the timestamp back: time already counted must not be
-- counted again.
local function bucket_store(key, tokens, ts, capacity, refill_per_us, now_us)
  redis.call('HSET', key, 'tokens', tokens, 'ts', math.max(now_us, ts))
  redis.call('PEXPIRE', key, bucket_ttl_ms(tokens, capacity, refill_per_us))
end
`;

/**
 * One atomic take from one bucket, timed by Redis's clock (`TIME` inside the script), so workers on hosts
 * with skewed clocks share one timeline. Redis ≥ 5 replicates a script's effects rather than the script, which
 * is what makes a non-deterministic `TIME` safe here.
 *
 * KEYS[1] the bucket; ARGV capacity, refill per second, cost. Returns `{ allowed (0|1), whole tokens left,
 * retry after ms }`.
 */
export const TOKEN_BUCKET_TAKE_SCRIPT = `${TOKEN_BUCKET_LUA}
local capacity = tonumber(ARGV[1])
local refill_per_us = tonumber(ARGV[2]) / 1000000
local cost = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local tokens, ts = bucket_level(KEYS[1], capacity, refill_per_us, now)
if tokens < cost then
  return { 0, math.floor(tokens), bucket_wait_ms(tokens, cost, refill_per_us) }
end
tokens = tokens - cost
bucket_store(KEYS[1], tokens, ts, capacity, refill_per_us, now)
return { 1, math.floor(tokens), 0 }
`;
