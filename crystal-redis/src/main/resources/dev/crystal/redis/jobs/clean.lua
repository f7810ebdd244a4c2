-- ARGV: queue state before limit. Removes up to limit jobs in state finished (or, for pending states,
-- created) before the given time. Returns the removed ids.
local q, state, before, limit = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local field = (state == 'completed' or state == 'failed') and 'fi' or 'cr'
local removed = 0
local offset = 0
local ids_removed = {}
while removed < limit do
  local ids = redis.call('ZRANGE', sk(q, state), offset, offset + 199)
  if #ids == 0 then break end
  for _, id in ipairs(ids) do
    if removed >= limit then break end
    if tonumber(redis.call('HGET', jk(q, id), field)) < before then
      deleteJob(q, id, state)
      removed = removed + 1
      table.insert(ids_removed, id)
    else
      offset = offset + 1
    end
  end
end
return ids_removed
