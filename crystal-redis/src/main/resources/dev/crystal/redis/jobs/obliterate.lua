-- ARGV: queue force(0/1) batch. Removes up to batch jobs of the queue per call, so a big queue does not block
-- Redis in one script. Returns { 'A', activeCount } if refused (active jobs and no force), { 'P', removed } if
-- jobs are left for another call, or { 'O', removed, schedulesRemoved } once the queue is gone. The queue is
-- paused from the first call on, so workers claim nothing while the later calls run (the caller passes
-- force 1 to those: the obliterate was accepted).
local q, force, batch = ARGV[1], ARGV[2], tonumber(ARGV[3])
local active = redis.call('ZCARD', sk(q, 'active'))
if active > 0 and force ~= '1' then return { 'A', active } end
redis.call('SADD', P .. 'paused', q)
local removed = 0
for _, state in ipairs({ 'waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'waiting-children' }) do
  while removed < batch do
    local ids = redis.call('ZRANGE', sk(q, state), 0, math.min(499, batch - removed - 1))
    if #ids == 0 then break end
    for _, id in ipairs(ids) do
      deleteJob(q, id, state)
      removed = removed + 1
    end
  end
  if removed >= batch then return { 'P', removed } end
end
redis.call('SREM', P .. 'queues', q)
redis.call('SREM', P .. 'paused', q)
redis.call('DEL', P .. 'limit:' .. q)
local schedules = 0
for _, id in ipairs(redis.call('ZRANGE', P .. 'sched', 0, -1)) do
  if redis.call('HGET', P .. 's:' .. id, 'q') == q then
    redis.call('ZREM', P .. 'sched', id)
    redis.call('DEL', P .. 's:' .. id)
    schedules = schedules + 1
  end
end
return { 'O', removed, schedules }
