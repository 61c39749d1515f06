/**
 * One atomic take from a token bucket stored as a hash `{ tokens, ts }` (ts in microseconds of Redis time).
 * It mirrors `takeFromBucket` in tokenBucket.ts; a change to one is a change to both.
 *
 * - Time comes from `TIME` inside the script, so workers on hosts with skewed clocks share one timeline.
 *   Redis ≥ 5 replicates a script's effects rather than the script, which is what makes a non-deterministic
 *   `TIME` safe here.
 * - A denial writes nothing: the stored state still describes the bucket exactly, and a flood of denied takes
 *   (a raid) then costs no writes and no replication.
 * - The key expires when the bucket would be full again: a missing bucket is read as full, so expiry loses
 *   nothing and idle buckets cost no memory.
 *
 * KEYS[1] the bucket; ARGV capacity, refill per second, cost. Returns `{ allowed (0|1), whole tokens left,
 * retry after ms }`.
 */
export const TOKEN_BUCKET_TAKE_SCRIPT = `
local capacity = tonumber(ARGV[1])
local refill_per_us = tonumber(ARGV[2]) / 1000000
local cost = tonumber(ARGV[3])

local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1])
local ts = tonumber(state[2])
if tokens == nil or ts == nil then
  tokens = capacity
  ts = now
end

-- A failover to a replica whose clock is behind refills nothing rather than going negative.
local elapsed = math.max(0, now - ts)
tokens = math.min(capacity, tokens + elapsed * refill_per_us)

if tokens < cost then
  return { 0, math.floor(tokens), math.ceil((cost - tokens) / refill_per_us / 1000) }
end

tokens = tokens - cost
-- Numbers go to Redis as numbers: Redis formats them exactly, where tostring() would round a 16-digit
-- microsecond timestamp. Never move the timestamp back: time already counted must not be counted again.
redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', math.max(now, ts))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((capacity - tokens) / refill_per_us / 1000)))
return { 1, math.floor(tokens), 0 }
`;
