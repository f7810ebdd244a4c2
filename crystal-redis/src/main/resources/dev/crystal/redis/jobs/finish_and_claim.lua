-- ARGV: queue now max lockToken lockUntil outcomeCount, then per outcome: kind (C completed, R released,
-- F failed) id lockToken at value (return value or reason) retryAt ('' for a final failure).
-- Returns: outcomeCount, results (see appendResult), paused (0/1), next delayed run time or '', claimed count,
-- then 11 fields per claimed job: id name data attemptsMade maxAttempts backoff correlationId readyAt
-- parentQueue priority order.
local q, now, max, token, lockUntil = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local n = tonumber(ARGV[6])


local function leaveActive(id)
  redis.call('ZREM', sk(q, 'active'), id)
  redis.call('HSET', jk(q, id), 'lk', '', 'lu', '')
end

-- Runs command with fixed arguments followed by items, at most 500 items per call (Lua's unpack limit).
local function inChunks(command, key, items)
  for from = 1, #items, 500 do
    redis.call(command, key, unpack(items, from, math.min(#items, from + 499)))
  end
end

local out = { n }
local completedIds = {}
for k = 0, n - 1 do
  local i = 7 + k * 6
  local kind, id, tok, at, value, retryAt = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local eff = newEffects()
  local state = false
  local j = jk(q, id)
  -- one read for the lock check and everything a completion needs
  local f = redis.call('HMGET', j, 's', 'lk', 'am', 'pq', 'pi', 'kcl', 'kca')
  if f[1] == 'active' and f[2] == tok then
    if kind == 'C' then
      table.insert(completedIds, id)
      redis.call('ZADD', sk(q, 'completed'), redis.call('INCR', P .. 'fseq'), id)
      redis.call('HSET', j, 's', 'completed', 'fi', at, 'rv', value, 'am', tonumber(f[3]) + 1, 'lk', '', 'lu', '')
      history(q, id, at, 'active', 'completed', 'completed')
      if f[4] ~= '' then
        redis.call('HSET', ck(f[4], f[5]), q .. '\t' .. id, value)
        childDone(f[4], f[5], at, q, id, eff)
      end
      retain(q, id, 'completed', f[6], f[7], at)
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
-- completed jobs leave the active set in one command; nothing below reads it before the claim
inChunks('ZREM', sk(q, 'active'), completedIds)

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
  local activePairs = {}
  for _, from in ipairs({ 'waiting', 'prioritized' }) do
    if got < max then
      -- ZPOPMIN returns member, score pairs in claim order
      local popped = redis.call('ZPOPMIN', sk(q, from), max - got)
      for p = 1, #popped, 2 do
        local id = popped[p]
        local j = jk(q, id)
        local f = redis.call('HMGET', j, 'n', 'd', 'am', 'ma', 'bo', 'co', 'rd', 'pq', 'p', 'o', 'as')
        table.insert(activePairs, lockUntil)
        table.insert(activePairs, id)
        redis.call('HSET', j, 's', 'active', 'lk', token, 'lu', lockUntil, 'pr', now, 'as', tonumber(f[11]) + 1)
        history(q, id, now, from, 'active', 'claimed')
        table.insert(claimed, id)
        for x = 1, 10 do table.insert(claimed, f[x]) end
        got = got + 1
      end
    end
  end
  inChunks('ZADD', sk(q, 'active'), activePairs)
end
table.insert(out, paused)
local earliest = redis.call('ZRANGE', sk(q, 'delayed'), 0, 0, 'WITHSCORES')
table.insert(out, earliest[2] or '')
table.insert(out, #claimed / 11)
for _, v in ipairs(claimed) do table.insert(out, v) end
return out
