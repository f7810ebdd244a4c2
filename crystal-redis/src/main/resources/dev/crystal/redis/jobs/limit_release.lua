-- ARGV: queue window-start unused. Gives back permits taken in that window if it is still the counted one.
-- Returns the permits still taken in the window, or -1 if the window is no longer counted.
local key = P .. 'limit:' .. ARGV[1]
local f = redis.call('HMGET', key, 'w', 'n')
if not f[1] or tonumber(f[1]) ~= tonumber(ARGV[2]) then return -1 end
local used = math.max(0, tonumber(f[2]) - tonumber(ARGV[3]))
redis.call('HSET', key, 'n', used)
return used
