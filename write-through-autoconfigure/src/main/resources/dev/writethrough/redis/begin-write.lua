-- Marks one cache entry as being written, before the database commits.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers: a sorted set of writer tokens scored by their expiry (ms)
-- KEYS[3]  the entry's counters (a hash, see repair-entry-fence.lua): 'b' is its write
--          sequence
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow: the value before this write, kept so a rollback can restore it
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
-- scriptTime() and repair(...) come from repair-entry-fence.lua, which is loaded in front of this script.
local now = scriptTime()
local ttl = tonumber(ARGV[2])
local repaired, fence = repair(KEYS[1], KEYS[5], KEYS[2], KEYS[3], now, ttl)
-- The first write is one that cannot grow memory: Redis refuses the commands that may
-- (ZADD, HINCRBY) under maxmemory only while a script has written nothing, so the mark
-- is still taken under memory pressure.
redis.call('DEL', KEYS[4], KEYS[5])
if fence.expired then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
-- The counters expire together, and every write that begins or ends moves their expiry.
local sequence = redis.call('HINCRBY', KEYS[3], 'b', 1)
redis.call('PEXPIRE', KEYS[3], ttl)
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[5])
end
return { sequence, fence.live, repaired }
