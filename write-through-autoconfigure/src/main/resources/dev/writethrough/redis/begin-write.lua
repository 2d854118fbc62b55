-- Marks one cache entry as being written, before the database commits.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers: a sorted set of writer tokens scored by their expiry (ms)
-- KEYS[3]  the entry's write sequence
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow: the value before this write, kept so a rollback can restore it
-- KEYS[6]  how many writes of the entry have ended (by end-write or abort-write)
-- ARGV[1]  this writer's token
-- ARGV[2]  the marker's time to live in ms (longer than any transaction)
--
-- Returns {sequence, others, repaired}: this write's sequence number, how many other
-- writers were active when it began (a 'repaired' marker counts as one), and how many
-- fence keys were found unreadable and repaired.
--
-- Invariant: from here until end-write or abort-write (or the marker's expiry) no value
-- is served for the entry and no read lease can fill it: the old value moves to the
-- shadow (only abort-write of the last writer may move it back) and any lease taken before
-- is cancelled. A writer that crashes after its commit therefore leaves nothing stale.
-- repair(...) comes from repair-entry-fence.lua, which is loaded in front of this script.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
local repaired = repair(KEYS[1], KEYS[5], KEYS[2], { KEYS[3], KEYS[6] }, now, ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local others = redis.call('ZCARD', KEYS[2])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
local sequence = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ttl)
-- The begun and ended counters always expire together, so their difference stays the
-- number of writers that began and never ended.
if redis.call('EXISTS', KEYS[6]) == 1 then
  redis.call('PEXPIRE', KEYS[6], ttl)
end
redis.call('DEL', KEYS[4], KEYS[5])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[5])
end
return { sequence, others, repaired }
