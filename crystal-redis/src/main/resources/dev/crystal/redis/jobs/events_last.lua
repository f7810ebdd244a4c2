-- ARGV: queue. Returns the id of the newest event of the queue, or '' when it has none.
local last = redis.call('XREVRANGE', ek(ARGV[1]), '+', '-', 'COUNT', 1)
if #last == 0 then return '' end
return last[1][1]
