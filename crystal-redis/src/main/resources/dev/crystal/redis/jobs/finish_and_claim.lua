-- ARGV: queue now max lockToken lockUntil outcomeCount, then per outcome: kind (C completed, R released,
-- F failed) id lockToken at value (return value or reason) retryAt ('' for a final failure).
-- Returns: outcomeCount, results (see appendResult), paused (0/1), next delayed run time or '', claimed count,
-- then 11 fields per claimed job: id name data attemptsMade maxAttempts backoff correlationId readyAt
-- parentQueue priority order.
local q, now, max, token, lockUntil = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local n = tonumber(ARGV[6])

local function held(id, tok)
  local f = redis.call('HMGET', jk(q, id), 's', 'lk')
  return f[1] == 'active' and f[2] == tok
end

local function leaveActive(id)
  redis.call('ZREM', sk(q, 'active'), id)
  redis.call('HSET', jk(q, id), 'lk', '', 'lu', '')
end

local out = { n }
for k = 0, n - 1 do
  local i = 7 + k * 6
  local kind, id, tok, at, value, retryAt = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local eff = newEffects()
  local state = false
  if held(id, tok) then
    local j = jk(q, id)
    if kind == 'C' then
      leaveActive(id)
      redis.call('HINCRBY', j, 'am', 1)
      redis.call('HSET', j, 'rv', value)
      finish(q, id, 'completed', at)
      history(q, id, at, 'active', 'completed', 'completed')
      local f = redis.call('HMGET', j, 'pq', 'pi', 'kcl', 'kca')
      if f[1] ~= '' then
        redis.call('HSET', ck(f[1], f[2]), q .. '\t' .. id, value)
        childDone(f[1], f[2], at, q, id, eff)
      end
      retain(q, id, 'completed', f[3], f[4], at)
      state = 'completed'
    elseif kind == 'R' then
      leaveActive(id)
      redis.call('HINCRBY', j, 'as', -1)
      state = makeReady(q, id, nil)
      history(q, id, at, 'active', state, 'released unstarted by a closing worker')
      table.insert(eff.readied, { q, id })
    elseif retryAt ~= '' then
      leaveActive(id)
      redis.call('HINCRBY', j, 'am', 1)
      redis.call('HSET', j, 'fr', value)
      if tonumber(retryAt) > tonumber(at) then
        state = 'delayed'
        redis.call('ZADD', sk(q, state), retryAt, id)
        redis.call('HSET', j, 's', state, 'ra', retryAt, 'rd', retryAt)
      else
        redis.call('HSET', j, 'ra', '')
        state = makeReady(q, id, at)
      end
      history(q, id, at, 'active', state, 'retry: ' .. value)
    else
      failFinal(q, id, at, value, eff, false)
      state = 'failed'
    end
  end
  appendResult(out, id, state, eff)
end

local paused = redis.call('SISMEMBER', P .. 'paused', q)
local claimed = {}
if paused == 0 and max > 0 then
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', sk(q, 'delayed'), '-inf', now)) do
    redis.call('ZREM', sk(q, 'delayed'), id)
    local runAt = redis.call('HGET', jk(q, id), 'ra')
    local state = makeReady(q, id, runAt)
    history(q, id, runAt, 'delayed', state, 'delay over')
  end
  local got = 0
  for _, from in ipairs({ 'waiting', 'prioritized' }) do
    if got < max then
      for _, id in ipairs(redis.call('ZRANGE', sk(q, from), 0, max - got - 1)) do
        local j = jk(q, id)
        redis.call('ZREM', sk(q, from), id)
        redis.call('ZADD', sk(q, 'active'), lockUntil, id)
        redis.call('HSET', j, 's', 'active', 'lk', token, 'lu', lockUntil, 'pr', now)
        redis.call('HINCRBY', j, 'as', 1)
        history(q, id, now, from, 'active', 'claimed')
        local f = redis.call('HMGET', j, 'n', 'd', 'am', 'ma', 'bo', 'co', 'rd', 'pq', 'p', 'o')
        table.insert(claimed, id)
        for x = 1, 10 do table.insert(claimed, f[x]) end
        got = got + 1
      end
    end
  end
end
table.insert(out, paused)
local earliest = redis.call('ZRANGE', sk(q, 'delayed'), 0, 0, 'WITHSCORES')
table.insert(out, earliest[2] or '')
table.insert(out, #claimed / 11)
for _, v in ipairs(claimed) do table.insert(out, v) end
return out
