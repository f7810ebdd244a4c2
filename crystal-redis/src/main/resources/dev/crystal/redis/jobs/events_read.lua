-- ARGV: queue afterStreamId count. Returns per event: stream id, kind, job id, field count, then fields.
local out = {}
for _, entry in ipairs(redis.call('XRANGE', ek(ARGV[1]), '(' .. ARGV[2], '+', 'COUNT', ARGV[3])) do
  local fields = entry[2]
  local kind, job = '', ''
  local data = {}
  for k = 1, #fields, 2 do
    if fields[k] == 'e' then kind = fields[k + 1]
    elseif fields[k] == 'j' then job = fields[k + 1]
    else table.insert(data, fields[k]); table.insert(data, fields[k + 1]) end
  end
  table.insert(out, entry[1]); table.insert(out, kind); table.insert(out, job); table.insert(out, #data)
  for _, v in ipairs(data) do table.insert(out, v) end
end
return out
