-- Compare and act: only the holder (ARGV[1]) releases its lock.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
