-- ARGV: queue state offset limit newestFirst(0/1). Returns 21 fields per job (see view).
local q, state, offset, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local range = ARGV[5] == '1' and 'ZREVRANGE' or 'ZRANGE'
local out = {}
for _, id in ipairs(redis.call(range, sk(q, state), offset, offset + limit - 1)) do view(out, q, id) end
return out
