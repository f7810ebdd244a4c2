-- ARGV: id paused(0/1) nextSlot ('' keeps it). A paused schedule scores +inf in the due order, so it is never
-- due and has no earliest slot; resuming puts it back at its next slot. Returns 1, or 0 if there is no schedule.
local key = P .. 's:' .. ARGV[1]
if redis.call('EXISTS', key) == 0 then return 0 end
if ARGV[2] == '1' then
  redis.call('HSET', key, 'pa', '1')
  redis.call('ZADD', P .. 'sched', '+inf', ARGV[1])
else
  if ARGV[3] ~= '' then redis.call('HSET', key, 'ns', ARGV[3]) end
  redis.call('HSET', key, 'pa', '0')
  redis.call('ZADD', P .. 'sched', redis.call('HGET', key, 'ns'), ARGV[1])
end
return 1
