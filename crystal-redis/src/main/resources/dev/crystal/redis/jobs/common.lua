-- Shared by every script. KEYS[1] is the key base "{prefix}:"; every key below starts with it, so all of
-- a store's keys share one hash tag (one cluster slot) and a flow across queues stays one atomic script.
local P = KEYS[1]
local function part(s) return #s .. ':' .. s end
local function jk(q, id) return P .. 'j:' .. part(q) .. id end
local function hk(q, id) return P .. 'h:' .. part(q) .. id end
local function lk(q, id) return P .. 'l:' .. part(q) .. id end
local function ck(q, id) return P .. 'c:' .. part(q) .. id end
local function sk(q, state) return P .. 'q:' .. part(q) .. state end
local PRIORITY_STEP = 4294967296

-- Queue events (BullMQ's QueueEvents): one stream per queue, appended by the same script that changes the
-- job, trimmed to about EVENTS_MAXLEN entries (set when the store loads its scripts; 0 writes none).
local EVENTS_MAXLEN = tonumber('%EVENTS_MAXLEN%')
local EVENTS_TRIM = EVENTS_MAXLEN <= 1000 and '=' or '~'
local function ek(q) return P .. 'q:' .. part(q) .. ':events' end
local function emit(q, id, kind, ...)
  if EVENTS_MAXLEN > 0 then
    redis.call('XADD', ek(q), 'MAXLEN', EVENTS_TRIM, EVENTS_MAXLEN, '*', 'e', kind, 'j', id, ...)
  end
end

-- The event of the state a job has just entered (waiting, delayed, waiting-children); others are emitted
-- where they happen (claim, completion, failure).
local function stateEvent(q, id, from, to)
  local kind = to
  if to == 'prioritized' then kind = 'waiting' end
  if kind == 'delayed' then
    local delay = redis.call('HGET', jk(q, id), 'ra') or ''
    if from then emit(q, id, kind, 'delay', delay, 'prev', from) else emit(q, id, kind, 'delay', delay) end
  elseif kind == 'waiting' or kind == 'waiting-children' then
    if from then emit(q, id, kind, 'prev', from) else emit(q, id, kind) end
  end
end

-- One history line: "at TAB from TAB to TAB reason LF".
local function historyLine(at, from, to, reason)
  local clean = string.gsub(reason, '[\t\r\n]', ' ')
  return at .. '\t' .. (from or '-') .. '\t' .. to .. '\t' .. string.sub(clean, 1, 500) .. '\n'
end

-- The claim's history line is not appended when the job is claimed: finish_and_claim keeps it in the job
-- hash field 'ph' (written by the claim's HSET anyway) and appends it together with the line of the
-- transition that ends the activity, saving one APPEND per job on the hot path. view() shows 'ph' after
-- the stored history, so readers see the same transitions. Every transition out of 'active' goes through
-- history() below (or finish_and_claim's completion, which does the same inline).
local function history(q, id, at, from, to, reason)
  local line = historyLine(at, from, to, reason)
  if from == 'active' then
    local j = jk(q, id)
    local claim = redis.call('HGET', j, 'ph')
    if claim and claim ~= '' then
      line = claim .. line
      redis.call('HSET', j, 'ph', '')
    end
  end
  redis.call('APPEND', hk(q, id), line)
  if not from then emit(q, id, 'added', 'name', redis.call('HGET', jk(q, id), 'n') or '') end
  if to == 'failed' then
    emit(q, id, 'failed', 'failedReason', string.sub(reason, 1, 1000), 'attemptsMade',
        redis.call('HGET', jk(q, id), 'am') or '0', 'retrying', 'false')
  else
    stateEvent(q, id, from, to)
  end
end

-- Puts a job in its ready set (waiting, or prioritized by priority then order); readyAt nil keeps 'rd'.
local function makeReady(q, id, readyAt)
  local j = jk(q, id)
  local f = redis.call('HMGET', j, 'p', 'o')
  local prio = tonumber(f[1])
  local order = tonumber(f[2])
  local state
  if prio > 0 then
    state = 'prioritized'
    redis.call('ZADD', sk(q, state), prio * PRIORITY_STEP + order, id)
  else
    state = 'waiting'
    redis.call('ZADD', sk(q, state), order, id)
  end
  redis.call('HSET', j, 's', state)
  if readyAt then redis.call('HSET', j, 'rd', readyAt) end
  return state
end

local function finish(q, id, state, at)
  redis.call('ZADD', sk(q, state), redis.call('INCR', P .. 'fseq'), id)
  redis.call('HSET', jk(q, id), 's', state, 'fi', at)
end

local function deleteJob(q, id, state)
  emit(q, id, 'removed', 'prev', state)
  redis.call('ZREM', sk(q, state), id)
  redis.call('DEL', jk(q, id), hk(q, id), lk(q, id), ck(q, id))
end

local function retain(q, id, state, keepLast, keepAge, now)
  keepLast = tonumber(keepLast)
  if keepLast == 0 then
    deleteJob(q, id, state)
    return
  end
  local z = sk(q, state)
  if keepLast > 0 then
    local excess = redis.call('ZCARD', z) - keepLast
    if excess > 0 then
      for _, old in ipairs(redis.call('ZRANGE', z, 0, excess - 1)) do deleteJob(q, old, state) end
    end
  end
  if keepAge ~= '' then
    local cutoff = tonumber(now) - tonumber(keepAge)
    for _, old in ipairs(redis.call('ZRANGE', z, 0, 99)) do
      local fin = tonumber(redis.call('HGET', jk(q, old), 'fi'))
      if fin < cutoff then deleteJob(q, old, state) else break end
    end
  end
end

local function newEffects() return { readied = {}, failed = {} } end

local function childDone(pq, pi, at, cq, cid, eff)
  local j = jk(pq, pi)
  if redis.call('EXISTS', j) == 0 then return end
  if tonumber(redis.call('HGET', j, 'pc')) <= 0 then return end
  local pending = redis.call('HINCRBY', j, 'pc', -1)
  local f = redis.call('HMGET', j, 's', 'ra')
  if pending > 0 or f[1] ~= 'waiting-children' then return end
  redis.call('ZREM', sk(pq, 'waiting-children'), pi)
  local state
  if f[2] ~= '' and tonumber(f[2]) > tonumber(at) then
    state = 'delayed'
    redis.call('ZADD', sk(pq, state), f[2], pi)
    redis.call('HSET', j, 's', state, 'rd', f[2])
  else
    state = makeReady(pq, pi, at)
    table.insert(eff.readied, { pq, pi })
  end
  history(pq, pi, at, 'waiting-children', state, 'children done (last ' .. cq .. ':' .. cid .. ')')
end

local function childFailed(pq, pi, policy, cq, cid, reason, at, eff)
  if policy == 'IGNORE' then
    childDone(pq, pi, at, cq, cid, eff)
  elseif policy == 'FAIL_PARENT' then
    local j = jk(pq, pi)
    if redis.call('HGET', j, 's') ~= 'waiting-children' then return end
    local why = 'child ' .. cq .. ':' .. cid .. ' failed: ' .. reason
    redis.call('ZREM', sk(pq, 'waiting-children'), pi)
    finish(pq, pi, 'failed', at)
    redis.call('HSET', j, 'fr', why)
    history(pq, pi, at, 'waiting-children', 'failed', why)
    table.insert(eff.failed, { pq, pi, why })
    local g = redis.call('HMGET', j, 'pq', 'pi', 'oc')
    if g[1] ~= '' then childFailed(g[1], g[2], g[3], pq, pi, why, at, eff) end
  end
end

-- Final failure of an active job: attempts (or stalls) counted, parent told, retention applied.
local function failFinal(q, id, at, reason, eff, stalled)
  local j = jk(q, id)
  redis.call('ZREM', sk(q, 'active'), id)
  if stalled then redis.call('HINCRBY', j, 'sc', 1) else redis.call('HINCRBY', j, 'am', 1) end
  redis.call('HSET', j, 'fr', reason, 'lk', '', 'lu', '')
  if stalled then emit(q, id, 'stalled') end
  finish(q, id, 'failed', at)
  history(q, id, at, 'active', 'failed', reason)
  local f = redis.call('HMGET', j, 'pq', 'pi', 'oc', 'kfl', 'kfa')
  if f[1] ~= '' then childFailed(f[1], f[2], f[3], q, id, reason, at, eff) end
  retain(q, id, 'failed', f[4], f[5], at)
end

-- Appends "A id state #readied (q id)* #failed (q id reason)*" or "L id" to out.
local function appendResult(out, id, state, eff)
  if not state then
    table.insert(out, 'L')
    table.insert(out, id)
    return
  end
  table.insert(out, 'A')
  table.insert(out, id)
  table.insert(out, state)
  table.insert(out, #eff.readied)
  for _, r in ipairs(eff.readied) do table.insert(out, r[1]); table.insert(out, r[2]) end
  table.insert(out, #eff.failed)
  for _, r in ipairs(eff.failed) do table.insert(out, r[1]); table.insert(out, r[2]); table.insert(out, r[3]) end
end

-- New jobs: 17 arguments from index i: queue name customId data priority runAt maxAttempts backoff
-- keepCompletedLast keepCompletedAge keepFailedLast keepFailedAge correlationId onChildFailure createdAt
-- lifo(0/1) timeoutMillis.
local JOB_ARGS = 17

local function newId(q)
  while true do
    local id = tostring(redis.call('INCR', P .. 'seq'))
    if redis.call('EXISTS', jk(q, id)) == 0 then return id end
  end
end

local function existing(a, i)
  local cid = a[i + 2]
  if cid == '' then return nil end
  local q = a[i]
  local f = redis.call('HMGET', jk(q, cid), 'd', 's')
  if not f[1] then return nil end
  if f[1] == a[i + 3] then return { 'E', cid, f[2] } end
  return { 'C', cid, "job id '" .. cid .. "' already exists in queue '" .. q
      .. "' with different data; use another id or the same data" }
end

local function create(a, i, id, pq, pi, pending)
  local q = a[i]
  local created = a[i + 14]
  local runAt = a[i + 5]
  local delayed = runAt ~= '' and tonumber(runAt) > tonumber(created)
  if not delayed and pending == 0 then runAt = '' end
  local order = redis.call('INCR', P .. 'ord')
  -- a LIFO job sorts before every FIFO job of its priority, the newest LIFO job first
  if a[i + 15] == '1' then order = -order end
  local j = jk(q, id)
  -- Field order matters for speed: a small hash is a listpack that Redis searches front to back, so the
  -- fields finish_and_claim reads and writes for every job come first ('s' is set just below).
  redis.call('HSET', j, 's', '', 'lk', '', 'lu', '', 'ph', '', 'as', 0, 'am', 0, 'pr', '', 'fi', '', 'rv', '',
      'pq', pq, 'pi', pi, 'kcl', a[i + 8], 'kca', a[i + 9], 'n', a[i + 1], 'd', a[i + 3], 'ma', a[i + 6],
      'bo', a[i + 7], 'co', a[i + 12], 'rd', created, 'p', a[i + 4], 'o', order, 'id', id, 'ra', runAt,
      'kfl', a[i + 10], 'kfa', a[i + 11], 'oc', a[i + 13], 'cr', created, 'sc', 0, 'pc', pending, 'fr', '',
      'pg', '', 'to', a[i + 16])
  redis.call('SADD', P .. 'queues', q)
  local state
  if pending > 0 then
    state = 'waiting-children'
    redis.call('ZADD', sk(q, state), order, id)
    redis.call('HSET', j, 's', state)
  elseif delayed then
    state = 'delayed'
    redis.call('ZADD', sk(q, state), runAt, id)
    redis.call('HSET', j, 's', state, 'rd', runAt)
  else
    state = makeReady(q, id, nil)
  end
  history(q, id, created, nil, state, pending > 0 and ('added with ' .. pending .. ' children') or 'added')
  return state
end

local function addOne(a, i)
  local e = existing(a, i)
  if e then return e end
  local id = a[i + 2]
  if id == '' then id = newId(a[i]) end
  return { 'A', id, create(a, i, id, '', '', 0) }
end

-- A job as 21 fields: id name data state priority maxAttempts attemptsMade attemptsStarted stalledCount
-- progress returnValue failedReason correlationId parentQueue parentId pendingChildren createdAt runAt
-- processedAt finishedAt history.
local function view(out, q, id)
  local f = redis.call('HMGET', jk(q, id), 'id', 'n', 'd', 's', 'p', 'ma', 'am', 'as', 'sc', 'pg', 'rv', 'fr', 'co',
      'pq', 'pi', 'pc', 'cr', 'ra', 'pr', 'fi', 'ph')
  if not f[1] then return false end
  for k = 1, 20 do table.insert(out, f[k] or '') end
  -- 'ph': the claim line of an active job, not yet appended (see history)
  table.insert(out, (redis.call('GET', hk(q, id)) or '') .. (f[21] or ''))
  return true
end
