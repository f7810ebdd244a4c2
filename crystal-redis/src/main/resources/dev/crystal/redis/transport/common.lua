-- Shared by every script. KEYS[1] is one destination's stream "<prefix>:{<destination>}" and KEYS[2], when
-- given, its dead-letter stream "<prefix>:{<destination>}:dead": both carry the destination as hash tag, so
-- they live in one cluster slot and a script may touch both.
local function fields(flat)
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end

-- The stream's consumer groups as tables (name, pending, last-delivered-id, lag...); empty when no stream.
local function groupsOf(key)
  if redis.call('EXISTS', key) == 0 then return {} end
  local out = {}
  for _, g in ipairs(redis.call('XINFO', 'GROUPS', key)) do out[#out + 1] = fields(g) end
  return out
end

local function idParts(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end

local function idLess(a, b)
  local am, as = idParts(a)
  local bm, bs = idParts(b)
  return am < bm or (am == bm and as < bs)
end

local function nextId(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return ms .. '-' .. string.format('%d', tonumber(seq) + 1)
end

-- Entries not yet acknowledged by the slowest group: pending + not yet delivered (lag). Redis cannot tell the
-- lag in some cases (nil); then the stream length, which holds every unacknowledged entry, is the bound.
-- Without any group, every entry waits for the first group.
local function unacked(key)
  local groups = groupsOf(key)
  if #groups == 0 then return redis.call('XLEN', key) end
  local most, len = 0, nil
  for _, g in ipairs(groups) do
    local n
    if g['lag'] then
      n = g['pending'] + g['lag']
    else
      len = len or redis.call('XLEN', key)
      n = len
    end
    if n > most then most = n end
  end
  return most
end

-- Removes the entries every group is done with: those below the oldest entry some group still needs (its
-- oldest pending entry, or the one after its last delivered entry). Never trims a stream without groups.
local function trimDone(key)
  local groups = groupsOf(key)
  if #groups == 0 then return 0 end
  local keep = nil
  for _, g in ipairs(groups) do
    local candidate
    if g['pending'] > 0 then
      candidate = redis.call('XPENDING', key, g['name'])[2]
    else
      candidate = nextId(g['last-delivered-id'])
    end
    if keep == nil or idLess(candidate, keep) then keep = candidate end
  end
  return redis.call('XTRIM', key, 'MINID', keep)
end

-- Copies an entry (its frame 'f' and reply-to 'r') to the dead-letter stream with why and how often it was
-- delivered, then acknowledges it for the group.
local function deadLetter(stream, dead, deadMax, group, consumer, id, body, reason, deliveries)
  local args = {'XADD', dead, 'MAXLEN', '~', deadMax, '*', 'stream', stream, 'id', id, 'group', group,
                'consumer', consumer, 'reason', reason, 'deliveries', deliveries}
  for i = 1, #body, 2 do
    if body[i] == 'f' or body[i] == 'r' then
      args[#args + 1] = body[i]
      args[#args + 1] = body[i + 1]
    end
  end
  redis.call(unpack(args))
  redis.call('XACK', stream, group, id)
end

-- Fencing: a receiver acting for a lease holder passes the key of the lease's epoch (it shares the stream's hash
-- tag, so one slot) and the epoch of its grant. Answers nil when that grant is still the newest (the stored epoch
-- is not larger, and the epoch is at least 1), else the refusal to return as an error reply. A missing epoch key
-- (Redis lost it) counts as 0: the next grant is raised above the store's newest epoch anyway.
local function staleEpoch(epochKey, epoch)
  local mine = tonumber(epoch)
  local newest = tonumber(redis.call('GET', epochKey) or '0')
  if mine == nil or mine < 1 or newest > mine then
    return redis.error_reply('STALE_EPOCH lease epoch ' .. tostring(epoch) .. ' is older than the newest grant '
      .. tostring(newest) .. ' of ' .. epochKey)
  end
  return nil
end
