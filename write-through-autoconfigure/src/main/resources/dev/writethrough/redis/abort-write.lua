-- Ends a write of one cache entry whose transaction rolled back: releases the writer's
-- marker and, when no other writer began since or is still active, moves the value the
-- entry had before the write back from the shadow, so a rollback leaves the cache as it
-- was.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's write sequence
-- KEYS[4]  the shadow of the value before the write
-- KEYS[5]  how many writes of the entry ended (by end-write or abort-write)
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
-- repair(...) comes from repair-entry-fence.lua, which is loaded in front of this script.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local repaired = repair(KEYS[1], KEYS[4], KEYS[2], { KEYS[3], KEYS[5] }, now, tonumber(ARGV[3]))
local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
local repairing = redis.call('ZSCORE', KEYS[2], 'repaired')
if repairing and tonumber(repairing) > now then
  expiry = false
end
redis.call('ZREM', KEYS[2], ARGV[1])
if expiry and tonumber(expiry) > now then
  -- Only a writer whose marker is alive began in the counters' lifetime.
  redis.call('INCR', KEYS[5])
  redis.call('PEXPIRE', KEYS[3], tonumber(ARGV[3]))
  redis.call('PEXPIRE', KEYS[5], tonumber(ARGV[3]))
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if expiry and tonumber(expiry) > now and redis.call('ZCARD', KEYS[2]) == 0
    and redis.call('GET', KEYS[3]) == ARGV[2] and redis.call('EXISTS', KEYS[1]) == 0
    and redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAME', KEYS[4], KEYS[1])
  return { 1, repaired }
end
return { 0, repaired }
