-- Ends a write of one cache entry after the database committed: stores the new value
-- only if no other writer overlapped this one, otherwise deletes the entry.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's write sequence
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow of the value before the write
-- ARGV[1]  this writer's token
-- ARGV[2]  this write's sequence number, as begin-write returned it
-- ARGV[3]  how many other writers were active when this write began
-- ARGV[4]  the value's time to live in ms (0 for none)
-- ARGV[5]  the new value; absent to evict
--
-- Returns 1 if the value was stored, 0 if the entry was deleted.
--
-- Invariant: a value is stored only by a writer that was alone from its begin to its end
-- and whose marker had not expired; any overlap, a marker that expired (a writer slower
-- than the marker's TTL) or an eviction leaves the entry absent, so the next read loads
-- it from the database.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[4], KEYS[5])
local sequence = redis.call('GET', KEYS[3])
if ARGV[5] and expiry and tonumber(expiry) > now and tonumber(ARGV[3]) == 0 and sequence == ARGV[2] then
  local ttl = tonumber(ARGV[4])
  if ttl > 0 then
    redis.call('SET', KEYS[1], ARGV[5], 'PX', ttl)
  else
    redis.call('SET', KEYS[1], ARGV[5])
  end
  return 1
end
redis.call('DEL', KEYS[1])
return 0
