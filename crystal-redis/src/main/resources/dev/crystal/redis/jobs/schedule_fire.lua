-- ARGV: id expectedNextSlot newNextSlot lastFired jobCount, then JOB_ARGS per job.
-- Compare-and-set on the next slot together with adding the slot's jobs (counted in 'runs'); lastFired '' keeps
-- the last slot. Returns 1 if fired, 0 if another scheduler fired first or the schedule is paused or gone.
local key = P .. 's:' .. ARGV[1]
local f = redis.call('HMGET', key, 'ns', 'pa')
if f[1] ~= ARGV[2] or f[2] == '1' then return 0 end
redis.call('HSET', key, 'ns', ARGV[3])
if ARGV[4] ~= '' then redis.call('HSET', key, 'ls', ARGV[4]) end
redis.call('HINCRBY', key, 'runs', tonumber(ARGV[5]))
redis.call('ZADD', P .. 'sched', ARGV[3], ARGV[1])
for k = 0, tonumber(ARGV[5]) - 1 do addOne(ARGV, 6 + k * JOB_ARGS) end
return 1
