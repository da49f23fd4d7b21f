-- Taken when free (or already ours, ARGV[1]) for ARGV[2] ms; otherwise returns who holds it.
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return false
end
return holder
