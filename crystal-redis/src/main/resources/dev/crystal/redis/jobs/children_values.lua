-- ARGV: queue id of a parent. Returns childQueue TAB childId, value pairs.
return redis.call('HGETALL', ck(ARGV[1], ARGV[2]))
