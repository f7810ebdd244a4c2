-- ARGV: id. Returns 1 if a schedule was removed.
redis.call('ZREM', P .. 'sched', ARGV[1])
return redis.call('DEL', P .. 's:' .. ARGV[1])
