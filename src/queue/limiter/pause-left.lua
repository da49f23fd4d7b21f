-- How long (ms, Redis' clock) a pause set since a reservation still holds: 0 when none.
-- KEYS: state hash.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local penalty = tonumber(redis.call('HGET', KEYS[1], 'penalty') or '0')
return math.max(0, penalty - now)
