-- ARGV: queue now max lockToken lockUntil outcomeCount, then per outcome: kind (C completed, R released,
-- F failed) id lockToken at value (return value or reason) retryAt ('' for a final failure).
-- Returns: outcomeCount, results (see appendResult), paused (0/1), next delayed run time or '', claimed count,
-- then 12 fields per claimed job: id name data attemptsMade maxAttempts backoff correlationId readyAt
-- parentQueue priority order timeoutMillis.
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

-- Keys and history lines repeated for every job are built once per call.
local JP = P .. 'j:' .. part(q)
local HP = P .. 'h:' .. part(q)
local ACTIVE, COMPLETED = sk(q, 'active'), sk(q, 'completed')

-- Finish sequence numbers for this call's completions come from one INCRBY instead of an INCR per job
-- (unused numbers, e.g. of a completion whose lock was lost, only leave gaps; scores just need to grow).
local completions = 0
for k = 0, n - 1 do
  if ARGV[7 + k * 6] == 'C' then completions = completions + 1 end
end
local fseq = 0
if completions > 0 then fseq = redis.call('INCRBY', P .. 'fseq', completions) - completions end

-- Completed jobs enter the completed set in one ZADD per call; retention with limits reads that set, so
-- it flushes the pending entries first and sees exactly what a per-job ZADD would have left.
local completedPairs = {}
local function flushCompleted()
  inChunks('ZADD', COMPLETED, completedPairs)
  completedPairs = {}
end

local out = { n }
local completedIds = {}
for k = 0, n - 1 do
  local i = 7 + k * 6
  local kind, id, tok, at, value, retryAt = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local eff = newEffects()
  local state = false
  local j = JP .. id
  -- one read for the lock check and everything a completion needs (including the unwritten claim line)
  local f = redis.call('HMGET', j, 's', 'lk', 'am', 'pq', 'pi', 'kcl', 'kca', 'ph')
  if f[1] == 'active' and f[2] == tok then
    if kind == 'C' then
      table.insert(completedIds, id)
      fseq = fseq + 1
      table.insert(completedPairs, fseq)
      table.insert(completedPairs, id)
      redis.call('HSET', j, 's', 'completed', 'fi', at, 'rv', value, 'am', tonumber(f[3]) + 1, 'lk', '', 'lu', '',
          'ph', '')
      -- claim and completion lines in one APPEND (see history in common.lua)
      redis.call('APPEND', HP .. id, (f[8] or '') .. at .. '\tactive\tcompleted\tcompleted\n')
      emit(q, id, 'completed', 'returnvalue', string.sub(value, 1, 1000))
      if f[4] ~= '' then
        redis.call('HSET', ck(f[4], f[5]), q .. '\t' .. id, value)
        childDone(f[4], f[5], at, q, id, eff)
      end
      -- keepLast -1 and no age (keep all) is the default; retain() would do nothing
      if f[6] ~= '-1' or f[7] ~= '' then
        flushCompleted()
        retain(q, id, 'completed', f[6], f[7], at)
      end
      state = 'completed'
    elseif kind == 'R' then
      leaveActive(id)
      redis.call('HINCRBY', j, 'as', -1)
      state = makeReady(q, id, nil)
      history(q, id, at, 'active', state, 'released unstarted by a closing worker')
      table.insert(eff.readied, { q, id })
    elseif retryAt ~= '' then
      leaveActive(id)
      local attempts = tostring(redis.call('HINCRBY', j, 'am', 1))
      redis.call('HSET', j, 'fr', value)
      emit(q, id, 'failed', 'failedReason', string.sub(value, 1, 1000), 'attemptsMade', attempts, 'retrying', 'true')
      emit(q, id, 'retrying', 'attemptsMade', attempts)
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
inChunks('ZREM', ACTIVE, completedIds)
flushCompleted()

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
      -- the claim's history line waits in 'ph' until the job leaves 'active' (see history in common.lua)
      local claimLine = historyLine(now, from, 'active', 'claimed')
      for p = 1, #popped, 2 do
        local id = popped[p]
        local j = JP .. id
        local f = redis.call('HMGET', j, 'n', 'd', 'am', 'ma', 'bo', 'co', 'rd', 'pq', 'p', 'o', 'as', 'to')
        table.insert(activePairs, lockUntil)
        table.insert(activePairs, id)
        redis.call('HSET', j, 's', 'active', 'lk', token, 'lu', lockUntil, 'pr', now, 'as', tonumber(f[11]) + 1,
            'ph', claimLine)
        table.insert(claimed, id)
        emit(q, id, 'active', 'prev', from)
        for x = 1, 10 do table.insert(claimed, f[x]) end
        table.insert(claimed, f[12] or '0')
        got = got + 1
      end
    end
  end
  inChunks('ZADD', ACTIVE, activePairs)
end
table.insert(out, paused)
local earliest = redis.call('ZRANGE', sk(q, 'delayed'), 0, 0, 'WITHSCORES')
table.insert(out, earliest[2] or '')
table.insert(out, #claimed / 12)
for _, v in ipairs(claimed) do table.insert(out, v) end
return out
