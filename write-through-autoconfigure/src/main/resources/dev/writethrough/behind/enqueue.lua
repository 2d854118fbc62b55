-- Queues one write-behind write and applies it to the cache in the same atomic step, so
-- the cache and the queue never disagree.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the entry's active writers (a sorted set; the member 'queued' marks a write
--          that is queued and not yet in the database)
-- KEYS[3]  the entry's read lease
-- KEYS[4]  the cache's queue (a stream)
-- KEYS[5]  the cache's latest queued write per key (a hash: key -> stream id)
-- ARGV[1]  the key, as in the hash
-- ARGV[2]  the serialized key, for the writer
-- ARGV[3]  'put' or 'delete'
-- ARGV[4]  the serialized value (the absent-value marker for a delete)
-- ARGV[5]  the most writes this partition of the queue may hold now (the queue's
--          max-pending less what its other partitions hold)
--
-- Returns the partition's length with the write (1 or more), or -1 less its length when
-- it is full (nothing was changed).
--
-- Invariant: while a key has a queued write, its value is kept without expiry and no
-- read lease can fill it from the database (which does not have the write yet).
local length = redis.call('XLEN', KEYS[4])
if length >= tonumber(ARGV[5]) then
  return -1 - length
end
local id = redis.call('XADD', KEYS[4], '*', 'k', ARGV[1], 'kb', ARGV[2], 'op', ARGV[3], 'v', ARGV[4])
redis.call('SET', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], '+inf', 'queued')
redis.call('DEL', KEYS[3])
redis.call('HSET', KEYS[5], ARGV[1], id)
return length + 1
