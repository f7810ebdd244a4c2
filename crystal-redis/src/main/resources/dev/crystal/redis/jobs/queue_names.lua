-- Returns every queue with jobs or settings.
return redis.call('SMEMBERS', P .. 'queues')
