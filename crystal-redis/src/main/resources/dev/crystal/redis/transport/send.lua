-- Appends a flush's entries for one destination. ARGV[1] capacity, then (frame, replyTo) pairs, replyTo ''
-- for a one-way message. Returns per entry 1 (added) or 0 (refused: capacity entries not yet acknowledged).
local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local count = (#ARGV - 1) / 2
if redis.call('XLEN', key) + count > capacity then trimDone(key) end
local held = unacked(key)
local out = {}
for i = 0, count - 1 do
  local frame, replyTo = ARGV[2 + 2 * i], ARGV[3 + 2 * i]
  if held < capacity then
    if replyTo == '' then
      redis.call('XADD', key, '*', 'f', frame)
    else
      redis.call('XADD', key, '*', 'f', frame, 'r', replyTo)
    end
    held = held + 1
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
