-- After a reply: each success wins back some of the rate a 429 took, and the reservation's
-- estimated tokens are replaced by the billed ones.
-- KEYS: state hash, sizes hash. ARGV: step, reservation id, tokens.
local factor = tonumber(redis.call('HGET', KEYS[1], 'factor') or '1')
if factor < 1 then redis.call('HSET', KEYS[1], 'factor', tostring(math.min(1, factor + tonumber(ARGV[1])))) end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then redis.call('HSET', KEYS[2], ARGV[2], ARGV[3]) end
return 1
