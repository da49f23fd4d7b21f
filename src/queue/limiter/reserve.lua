-- Reserves a start time for one request against the account's per-second limits, for every
-- worker on every machine at once. Requests are spaced evenly (1 s / RPS apart: no bursts), and
-- a sliding one-second window of reserved tokens keeps any second under TPS. Redis' clock is the
-- only clock, so machines with skewed clocks still agree. Nothing starts before a pause
-- (`penalty`) that a 429 or a Retry-After set.
-- KEYS: state hash, window zset, sizes hash. ARGV: rps, tps, tokens, id, guard ms.
-- Returns {start, now} in ms on Redis' clock.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state, window, sizes = KEYS[1], KEYS[2], KEYS[3]
local factor = tonumber(redis.call('HGET', state, 'factor') or '1')
local rps = tonumber(ARGV[1]) * factor
local tps = tonumber(ARGV[2]) * factor
local tok = tonumber(ARGV[3])
local id = ARGV[4]
local last = tonumber(redis.call('HGET', state, 'last') or '0')
local penalty = tonumber(redis.call('HGET', state, 'penalty') or '0')
local start = math.max(now, penalty, last)
if rps > 0 and last > 0 then start = math.max(start, last + 1000 / rps) end
local old = redis.call('ZRANGEBYSCORE', window, '-inf', now - 2000)
if #old > 0 then
  redis.call('ZREMRANGEBYSCORE', window, '-inf', now - 2000)
  redis.call('HDEL', sizes, unpack(old))
end
if tps > 0 then
  local entries = redis.call('ZRANGEBYSCORE', window, '(' .. (start - 1000), '+inf', 'WITHSCORES')
  local n = #entries / 2
  local amounts = {}
  local sum = 0
  if n > 0 then
    local ids = {}
    for i = 1, n do ids[i] = entries[2 * i - 1] end
    local vals = redis.call('HMGET', sizes, unpack(ids))
    for i = 1, n do amounts[i] = tonumber(vals[i] or '0') sum = sum + amounts[i] end
  end
  local i = 1
  while sum > 0 and sum + tok > tps and i <= n do
    start = math.max(start, tonumber(entries[2 * i]) + 1000 + tonumber(ARGV[5]))
    sum = sum - amounts[i]
    i = i + 1
  end
end
redis.call('ZADD', window, start, id)
redis.call('HSET', sizes, id, tok)
redis.call('HSET', state, 'last', start)
redis.call('PEXPIRE', state, 120000)
redis.call('PEXPIRE', window, 120000)
redis.call('PEXPIRE', sizes, 120000)
return {tostring(start), tostring(now)}
