-- ARGV: id queue jobName timing template catchUp nextSlot. Returns CREATED, UPDATED or UNCHANGED. An update
-- keeps the pause flag and run count (a paused schedule stays out of the due order).
local id, q, name, timing, template, catchUp, nextSlot = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local key = P .. 's:' .. id
local old = redis.call('HMGET', key, 'q', 'n', 't', 'tpl', 'cu')
if not old[1] then
  redis.call('HSET', key, 'id', id, 'q', q, 'n', name, 't', timing, 'tpl', template, 'cu', catchUp, 'ns', nextSlot, 'ls', '',
      'pa', '0', 'runs', 0)
  redis.call('ZADD', P .. 'sched', nextSlot, id)
  return 'CREATED'
end
local sameTiming = old[3] == timing
if sameTiming and old[1] == q and old[2] == name and old[4] == template and old[5] == catchUp then return 'UNCHANGED' end
redis.call('HSET', key, 'q', q, 'n', name, 'tpl', template, 'cu', catchUp)
if not sameTiming then
  redis.call('HSET', key, 't', timing, 'ns', nextSlot)
  if redis.call('HGET', key, 'pa') ~= '1' then redis.call('ZADD', P .. 'sched', nextSlot, id) end
end
return 'UPDATED'
