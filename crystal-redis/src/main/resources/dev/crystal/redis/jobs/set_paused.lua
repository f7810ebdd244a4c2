-- ARGV: queue paused(0/1).
redis.call('SADD', P .. 'queues', ARGV[1])
if ARGV[2] == '1' then redis.call('SADD', P .. 'paused', ARGV[1]) else redis.call('SREM', P .. 'paused', ARGV[1]) end
return 1
