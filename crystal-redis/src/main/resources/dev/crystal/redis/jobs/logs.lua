-- ARGV: queue id. Returns the job's log lines, oldest first.
return redis.call('LRANGE', lk(ARGV[1], ARGV[2]), 0, -1)
