-- ARGV: queue id data. Replaces the data of a job that has not finished. Returns DONE, NOT_FOUND or WRONG_STATE.
local j = jk(ARGV[1], ARGV[2])
local state = redis.call('HGET', j, 's')
if not state then return 'NOT_FOUND' end
if state == 'completed' or state == 'failed' then return 'WRONG_STATE' end
redis.call('HSET', j, 'd', ARGV[3])
return 'DONE'
