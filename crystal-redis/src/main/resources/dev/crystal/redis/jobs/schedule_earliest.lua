-- Returns the earliest next slot of any schedule, or ''.
local first = redis.call('ZRANGE', P .. 'sched', 0, 0, 'WITHSCORES')
return first[2] or ''
