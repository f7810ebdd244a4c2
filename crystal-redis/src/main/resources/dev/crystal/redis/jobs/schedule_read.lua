-- ARGV: mode (one, all, due) and the id or the due time. Returns 10 fields per schedule:
-- id queue jobName timing template catchUp nextSlot lastSlot paused runs. A paused schedule's score is +inf,
-- so it is never due.
local ids
if ARGV[1] == 'one' then ids = { ARGV[2] }
elseif ARGV[1] == 'due' then ids = redis.call('ZRANGEBYSCORE', P .. 'sched', '-inf', ARGV[2])
else ids = redis.call('ZRANGE', P .. 'sched', 0, -1) end
local out = {}
for _, id in ipairs(ids) do
  local f = redis.call('HMGET', P .. 's:' .. id, 'id', 'q', 'n', 't', 'tpl', 'cu', 'ns', 'ls', 'pa', 'runs')
  if f[1] then
    for k = 1, 8 do table.insert(out, f[k]) end
    table.insert(out, f[9] or '0')
    table.insert(out, f[10] or '0')
  end
end
return out
