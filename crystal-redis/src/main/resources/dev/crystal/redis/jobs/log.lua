-- ARGV: queue id line. Returns 1 if appended, 0 if the job does not exist.
if redis.call('EXISTS', jk(ARGV[1], ARGV[2])) == 0 then return 0 end
redis.call('RPUSH', lk(ARGV[1], ARGV[2]), ARGV[3])
return 1
