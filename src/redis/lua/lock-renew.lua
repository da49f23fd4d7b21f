-- Compare and act: only the holder (ARGV[1]) renews its lock, for ARGV[2] ms.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
