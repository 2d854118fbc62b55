-- Moves one parked write from the dead-letter stream back to the queue, unless a later
-- write of its key is queued (that one wins).
--
-- KEYS[1..5] as enqueue.lua: cached value, active writers, read lease, queue, latest
--            queued write per key
-- KEYS[6]  the cache's dead-letter stream
-- ARGV[1..5] as enqueue.lua (ARGV[5]: the most writes this partition may hold now)
-- ARGV[6]  the parked entry's id in the dead-letter stream
--
-- Returns 1 if queued again, 0 if skipped because a later write is queued, -1 if the
-- queue is full (the entry stays parked).
if redis.call('HEXISTS', KEYS[5], ARGV[1]) == 1 then
  redis.call('XDEL', KEYS[6], ARGV[6])
  return 0
end
if redis.call('XLEN', KEYS[4]) >= tonumber(ARGV[5]) then
  return -1
end
local id = redis.call('XADD', KEYS[4], '*', 'k', ARGV[1], 'kb', ARGV[2], 'op', ARGV[3], 'v', ARGV[4])
redis.call('SET', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], '+inf', 'queued')
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[5], ARGV[1], id)
redis.call('XDEL', KEYS[6], ARGV[6])
return 1
