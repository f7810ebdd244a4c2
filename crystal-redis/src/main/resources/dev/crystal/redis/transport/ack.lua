-- Acknowledges entries ARGV[3..] for group ARGV[1]; when ARGV[2] is '1', then trims what every group is done
-- with. Returns how many entries were acknowledged.
local key, group = KEYS[1], ARGV[1]
local acked = 0
local i = 3
while i <= #ARGV do
  local last = math.min(i + 999, #ARGV)
  acked = acked + redis.call('XACK', key, group, unpack(ARGV, i, last))
  i = last + 1
end
if ARGV[2] == '1' then trimDone(key) end
return acked
