-- ARGV: queue. Returns the size of each state set in JobState order, then paused (0/1).
local q = ARGV[1]
local out = {}
for _, s in ipairs({ 'waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'waiting-children' }) do
  table.insert(out, redis.call('ZCARD', sk(q, s)))
end
table.insert(out, redis.call('SISMEMBER', P .. 'paused', q))
return out
