-- Creates consumer group ARGV[1] unless it exists. The first group of a stream starts at 0 and sees what was
-- sent before any group existed; a later group starts at the end (ENTRIESREAD keeps its lag known).
-- Returns 1 when created, 0 when it existed.
local key, group = KEYS[1], ARGV[1]
local groups = groupsOf(key)
for _, g in ipairs(groups) do
  if g['name'] == group then return 0 end
end
if #groups == 0 then
  redis.call('XGROUP', 'CREATE', key, group, '0', 'MKSTREAM')
else
  local info = fields(redis.call('XINFO', 'STREAM', key))
  redis.call('XGROUP', 'CREATE', key, group, '$', 'ENTRIESREAD', info['entries-added'])
end
return 1
