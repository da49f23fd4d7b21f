-- Nothing starts, for any worker, until ARGV[1] ms from now (a 429, or the service's Retry-After).
-- The shared rate is multiplied by ARGV[3] (0.8 after a 429, 1 for a plain pause), never below ARGV[2].
-- KEYS: state hash. Returns the new rate factor.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local factor = tonumber(redis.call('HGET', KEYS[1], 'factor') or '1')
factor = math.max(tonumber(ARGV[2]), math.min(factor, factor * tonumber(ARGV[3])))
local penalty = math.max(tonumber(redis.call('HGET', KEYS[1], 'penalty') or '0'), now + tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'factor', tostring(factor), 'penalty', penalty)
redis.call('PEXPIRE', KEYS[1], math.max(120000, tonumber(ARGV[1]) + 60000))
return tostring(factor)
