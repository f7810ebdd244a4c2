-- ARGV: now maxStalledCount. Returns per stalled job: queue, then its result (see appendResult).
local now, max = ARGV[1], tonumber(ARGV[2])
local out = {}
for _, q in ipairs(redis.call('SMEMBERS', P .. 'queues')) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', sk(q, 'active'), '-inf', '(' .. now)) do
    local j = jk(q, id)
    local eff = newEffects()
    local state
    if tonumber(redis.call('HGET', j, 'sc')) + 1 > max then
      failFinal(q, id, now, 'job stalled more than ' .. max .. ' time(s): its lock expired', eff, true)
      state = 'failed'
    else
      redis.call('ZREM', sk(q, 'active'), id)
      redis.call('HINCRBY', j, 'sc', 1)
      redis.call('HSET', j, 'lk', '', 'lu', '')
      emit(q, id, 'stalled')
      state = makeReady(q, id, now)
      history(q, id, now, 'active', state, 'stalled: lock expired')
    end
    table.insert(out, q)
    appendResult(out, id, state, eff)
  end
end
return out
