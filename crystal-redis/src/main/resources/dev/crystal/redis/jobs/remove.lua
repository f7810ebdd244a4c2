-- ARGV: queue id. Returns DONE, NOT_FOUND or WRONG_STATE (active jobs belong to their worker).
local state = redis.call('HGET', jk(ARGV[1], ARGV[2]), 's')
if not state then return 'NOT_FOUND' end
if state == 'active' then return 'WRONG_STATE' end
deleteJob(ARGV[1], ARGV[2], state)
return 'DONE'
