-- ARGV: queue id now. Returns DONE, NOT_FOUND or WRONG_STATE.
local q, id, now = ARGV[1], ARGV[2], ARGV[3]
local j = jk(q, id)
local f = redis.call('HMGET', j, 's', 'pc', 'o')
if not f[1] then return 'NOT_FOUND' end
if f[1] ~= 'failed' then return 'WRONG_STATE' end
redis.call('ZREM', sk(q, 'failed'), id)
redis.call('HSET', j, 'am', 0, 'sc', 0, 'fi', '')
local state
if tonumber(f[2]) > 0 then
  state = 'waiting-children'
  redis.call('ZADD', sk(q, state), f[3], id)
  redis.call('HSET', j, 's', state, 'rd', now)
else
  state = makeReady(q, id, now)
end
history(q, id, now, 'failed', state, 'retried by operator')
return 'DONE'
