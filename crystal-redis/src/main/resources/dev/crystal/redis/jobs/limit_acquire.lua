-- ARGV: queue window-start window-millis max wanted. Returns the permits granted (0..wanted).
-- One hash per queue, {p}:limit:<queue>, holds the counted window's start ('w') and the permits taken in it
-- ('n'); a later window starts again from 0. A caller whose window is older than the counted one (its clock
-- lags another engine's) gets nothing. The key expires two windows after its last grant.
local key = P .. 'limit:' .. ARGV[1]
local window = tonumber(ARGV[2])
local max = tonumber(ARGV[4])
local wanted = tonumber(ARGV[5])
local f = redis.call('HMGET', key, 'w', 'n')
local used = 0
if f[1] then
  local counted = tonumber(f[1])
  if counted > window then return 0 end
  if counted == window then used = tonumber(f[2]) end
end
local granted = math.min(wanted, max - used)
if granted <= 0 then return 0 end
redis.call('HSET', key, 'w', ARGV[2], 'n', used + granted)
redis.call('PEXPIRE', key, 2 * tonumber(ARGV[3]))
return granted
