-- Just before a request is sent: its timer may have fired late (a busy process, a long GC), and a late
-- request arrives beside the ones planned after it. It is sent now only if every one-second window
-- around now, counting the starts already placed, still holds it under the service's own limits (the
-- planning headroom is not needed for a check made at the start); then its start moves to now. If not,
-- or while a pause holds, its slot is given up and the caller reserves a new one.
-- A request on time (within ARGV[4] ms) goes without the check: its slot was planned to fit.
-- KEYS: state hash, window zset, sizes hash. ARGV: id, max requests per window, max tokens per window, tolerance ms.
-- Returns 1 to send now, 0 to reserve again.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state, window, sizes = KEYS[1], KEYS[2], KEYS[3]
local id = ARGV[1]
local maxn = tonumber(ARGV[2])
local factor = tonumber(redis.call('HGET', state, 'factor') or '1')
local tps = tonumber(ARGV[3]) * factor
local span = 1000
local function drop()
  redis.call('ZREM', window, id)
  redis.call('HDEL', sizes, id)
  return 0
end
if tonumber(redis.call('HGET', state, 'penalty') or '0') > now then return drop() end
local planned = redis.call('ZSCORE', window, id)
if planned and now - tonumber(planned) <= tonumber(ARGV[4]) then return 1 end
local tok = tonumber(redis.call('HGET', sizes, id) or '0')
local entries = redis.call('ZRANGEBYSCORE', window, '(' .. (now - span), '(' .. (now + span), 'WITHSCORES')
local at, amount = {}, {}
local placed = false
for i = 1, #entries, 2 do
  local score = tonumber(entries[i + 1])
  if not placed and score > now then
    at[#at + 1] = now
    amount[#amount + 1] = tok
    placed = true
  end
  if entries[i] ~= id then
    at[#at + 1] = score
    amount[#amount + 1] = tonumber(redis.call('HGET', sizes, entries[i]) or '0')
  end
end
if not placed then
  at[#at + 1] = now
  amount[#amount + 1] = tok
end
-- Every window [at[i], at[i] + span) that contains now.
for i = 1, #at do
  if at[i] > now then break end
  if at[i] + span > now then
    local n, sum = 0, 0
    for j = i, #at do
      if at[j] >= at[i] + span then break end
      n = n + 1
      sum = sum + amount[j]
    end
    if n > maxn or (n > 1 and sum > tps) then return drop() end
  end
end
redis.call('ZADD', window, now, id)
if now > tonumber(redis.call('HGET', state, 'last') or '0') then redis.call('HSET', state, 'last', now) end
return 1
