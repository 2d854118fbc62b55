-- Ends a write of one cache entry whose transaction rolled back: releases the writer's
-- marker and, when no other writer began since or is still active, moves the value the
-- entry had before the write back from the shadow, so a rollback leaves the cache as it
-- was.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's counters (a hash, see repair-entry-fence.lua): 'b' its write
--          sequence, 'e' how many writes ended (by end-write or abort-write)
-- KEYS[4]  the shadow of the value before the write
-- ARGV[1]  this writer's token
-- ARGV[2]  this write's sequence number, as begin-write returned it
-- ARGV[3]  the writer markers' time to live in ms
--
-- Returns {restored, repaired}: restored 1 if the old value was restored, 0 if the entry
-- stays absent; repaired, how many fence keys were found unreadable and repaired. While
-- a 'repaired' marker lives nothing is restored and this write's end is not counted.
--
-- Invariant: the shadow is restored only by the last writer to begin, alone and with its
-- marker unexpired; otherwise the entry stays absent and the next read loads it.
-- scriptTime() and repair(...) come from repair-entry-fence.lua, which is loaded in front of this script.
local now = scriptTime()
local markerTtl = tonumber(ARGV[3])
local repaired, fence = repair(KEYS[1], KEYS[4], KEYS[2], KEYS[3], now, markerTtl)
local expiry = fence.writers[ARGV[1]]
local live = expiry ~= nil and expiry > now and not fence.repairing
redis.call('ZREM', KEYS[2], ARGV[1])
if live then
  -- Only a writer whose marker is alive began in the counters' lifetime.
  redis.call('HINCRBY', KEYS[3], 'e', 1)
  redis.call('PEXPIRE', KEYS[3], markerTtl)
end
if fence.expired then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end
-- fence.live counts this writer too.
if live and fence.live == 1 and fence.began == tonumber(ARGV[2])
    and redis.call('EXISTS', KEYS[1]) == 0 and redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAME', KEYS[4], KEYS[1])
  return { 1, repaired }
end
return { 0, repaired }
