-- Claims for consumer ARGV[2] of group ARGV[1] the entries idle at least ARGV[3] ms (XAUTOCLAIM, which counts
-- a delivery), at most ARGV[5]. An entry that would exceed ARGV[4] deliveries is dead-lettered (KEYS[2],
-- capped near ARGV[6] entries) and acknowledged instead. Fenced when KEYS[3] (the lease's epoch key, same hash tag
-- as the stream) is given: refused with STALE_EPOCH, claiming nothing, unless ARGV[7] is the newest grant's epoch.
-- Returns {dead count, {{id, delivery count, fields}...}}.
local key, dead = KEYS[1], KEYS[2]
if KEYS[3] then
  local refused = staleEpoch(KEYS[3], ARGV[7])
  if refused then return refused end
end
local group, consumer, minIdle = ARGV[1], ARGV[2], ARGV[3]
local maxDeliveries, limit, deadMax = tonumber(ARGV[4]), tonumber(ARGV[5]), ARGV[6]
local claimed, deadCount = {}, 0
local cursor = '0-0'
repeat
  local page = redis.call('XAUTOCLAIM', key, group, consumer, minIdle, cursor, 'COUNT', limit - #claimed - deadCount)
  cursor = page[1]
  for _, entry in ipairs(page[2]) do
    if entry then
      local id, body = entry[1], entry[2]
      local count = redis.call('XPENDING', key, group, id, id, 1)[1][4]
      if count > maxDeliveries then
        deadLetter(key, dead, deadMax, group, consumer, id, body,
          'not acknowledged after ' .. (count - 1) .. ' deliveries', count - 1)
        deadCount = deadCount + 1
      else
        claimed[#claimed + 1] = {id, count, body}
      end
    end
  end
until cursor == '0-0' or #claimed + deadCount >= limit
return {deadCount, claimed}
