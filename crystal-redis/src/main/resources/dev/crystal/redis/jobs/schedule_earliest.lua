-- Returns the earliest next slot of any schedule, or ''.
-- Paused schedules score +inf: they have no next slot.
local first = redis.call('ZRANGEBYSCORE', P .. 'sched', '-inf', '(inf', 'WITHSCORES', 'LIMIT', 0, 1)
return first[2] or ''
