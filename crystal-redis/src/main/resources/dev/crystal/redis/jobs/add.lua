-- ARGV: count, then JOB_ARGS per job. Returns per job: kind (A added, E exists, C conflict), id, state or reason.
local out = {}
for k = 0, tonumber(ARGV[1]) - 1 do
  local r = addOne(ARGV, 2 + k * JOB_ARGS)
  table.insert(out, r[1]); table.insert(out, r[2]); table.insert(out, r[3])
end
return out
