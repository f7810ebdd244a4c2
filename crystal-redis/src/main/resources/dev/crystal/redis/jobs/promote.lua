-- ARGV: queue id now. Moves a delayed job to ready now. Returns DONE, NOT_FOUND or WRONG_STATE.
local q, id, now = ARGV[1], ARGV[2], ARGV[3]
local j = jk(q, id)
local state = redis.call('HGET', j, 's')
if not state then return 'NOT_FOUND' end
if state ~= 'delayed' then return 'WRONG_STATE' end
redis.call('ZREM', sk(q, 'delayed'), id)
redis.call('HSET', j, 'ra', now)
local ready = makeReady(q, id, now)
history(q, id, now, 'delayed', ready, 'promoted by operator')
return 'DONE'
