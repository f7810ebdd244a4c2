-- ARGV: id expectedNextSlot newNextSlot lastFired jobCount, then JOB_ARGS per job.
-- Compare-and-set on the next slot together with adding the slot's jobs. Returns 1 if fired.
local key = P .. 's:' .. ARGV[1]
if redis.call('HGET', key, 'ns') ~= ARGV[2] then return 0 end
redis.call('HSET', key, 'ns', ARGV[3], 'ls', ARGV[4])
redis.call('ZADD', P .. 'sched', ARGV[3], ARGV[1])
for k = 0, tonumber(ARGV[5]) - 1 do addOne(ARGV, 6 + k * JOB_ARGS) end
return 1
