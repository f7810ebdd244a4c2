-- Dead-letters entries a receiver could not read. ARGV[1] group, ARGV[2] consumer, ARGV[3] dead-letter cap,
-- then (id, reason, deliveries) triplets. The entries' fields are copied from the stream. Returns how many.
local key, dead = KEYS[1], KEYS[2]
local n = 0
for i = 4, #ARGV, 3 do
  local id = ARGV[i]
  local found = redis.call('XRANGE', key, id, id)
  local body = {}
  if found[1] then body = found[1][2] end
  deadLetter(key, dead, ARGV[3], ARGV[1], ARGV[2], id, body, ARGV[i + 1], ARGV[i + 2])
  n = n + 1
end
return n
