-- ARGV: count, then per node (pre-order): JOB_ARGS fields, parent index (0 for the root), child count.
-- Returns "A" then id and state per node; "R" queue id reason if a custom id exists; "D" queue id if an id repeats.
local n = tonumber(ARGV[1])
local stride = JOB_ARGS + 2
local seen = {}
for k = 0, n - 1 do
  local i = 2 + k * stride
  local e = existing(ARGV, i)
  if e then
    local reason = e[1] == 'C' and e[3] or ("job id '" .. e[2] .. "' already exists in queue '" .. ARGV[i]
        .. "'; a flow is added whole or not at all")
    return { 'R', ARGV[i], e[2], reason }
  end
  if ARGV[i + 2] ~= '' then
    local key = part(ARGV[i]) .. ARGV[i + 2]
    if seen[key] then return { 'D', ARGV[i], ARGV[i + 2] } end
    seen[key] = true
  end
end
local ids = {}
local out = { 'A' }
for k = 0, n - 1 do
  local i = 2 + k * stride
  local parent = tonumber(ARGV[i + JOB_ARGS])
  local pq, pi = '', ''
  if parent > 0 then
    pq = ARGV[2 + (parent - 1) * stride]
    pi = ids[parent]
  end
  local id = ARGV[i + 2]
  if id == '' then id = newId(ARGV[i]) end
  ids[k + 1] = id
  local state = create(ARGV, i, id, pq, pi, tonumber(ARGV[i + JOB_ARGS + 1]))
  table.insert(out, id); table.insert(out, state)
end
return out
