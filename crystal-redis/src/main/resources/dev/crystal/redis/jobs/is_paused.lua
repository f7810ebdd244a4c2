-- ARGV: queue. Returns 1 if paused.
return redis.call('SISMEMBER', P .. 'paused', ARGV[1])
