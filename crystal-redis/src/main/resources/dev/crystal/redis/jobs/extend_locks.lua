-- ARGV: queue lockToken until id... Returns the ids whose lock is no longer held.
local q, token, lockUntil = ARGV[1], ARGV[2], ARGV[3]
local lost = {}
for i = 4, #ARGV do
  local id = ARGV[i]
  local f = redis.call('HMGET', jk(q, id), 's', 'lk')
  if f[1] == 'active' and f[2] == token then
    redis.call('HSET', jk(q, id), 'lu', lockUntil)
    redis.call('ZADD', sk(q, 'active'), lockUntil, id)
  else
    table.insert(lost, id)
  end
end
return lost
