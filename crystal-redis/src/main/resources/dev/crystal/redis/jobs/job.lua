-- ARGV: queue id. Returns the job's 21 fields (see view), or an empty list.
local out = {}
view(out, ARGV[1], ARGV[2])
return out
