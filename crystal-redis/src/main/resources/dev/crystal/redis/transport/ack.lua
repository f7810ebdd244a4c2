-- Acknowledges entries ARGV[4..] for group ARGV[1]; when ARGV[2] is '1', then trims what every group is done
-- with. Fenced when KEYS[2] (the lease's epoch key, same hash tag as the stream) is given: refused with
-- STALE_EPOCH, acknowledging nothing, unless ARGV[3] is the newest grant's epoch. Returns how many entries were
-- acknowledged.
local key, group = KEYS[1], ARGV[1]
if KEYS[2] then
  local refused = staleEpoch(KEYS[2], ARGV[3])
  if refused then return refused end
end
local acked = 0
local i = 4
while i <= #ARGV do
  local last = math.min(i + 999, #ARGV)
  acked = acked + redis.call('XACK', key, group, unpack(ARGV, i, last))
  i = last + 1
end
if ARGV[2] == '1' then trimDone(key) end
return acked
