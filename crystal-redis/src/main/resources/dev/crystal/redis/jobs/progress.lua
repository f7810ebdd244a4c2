-- ARGV: queue id lockToken progressJson. Returns 1 if stored, 0 if the lock is gone.
local f = redis.call('HMGET', jk(ARGV[1], ARGV[2]), 's', 'lk')
if f[1] ~= 'active' or f[2] ~= ARGV[3] then return 0 end
redis.call('HSET', jk(ARGV[1], ARGV[2]), 'pg', ARGV[4])
emit(ARGV[1], ARGV[2], 'progress', 'progress', string.sub(ARGV[4], 1, 1000))
return 1
