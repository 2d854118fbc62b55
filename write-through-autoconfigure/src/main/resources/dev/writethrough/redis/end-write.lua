-- Ends a write of one cache entry after the database committed: stores the new value
-- only if no other writer can have committed a newer one unseen, otherwise deletes the
-- entry.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's counters (a hash, see repair-entry-fence.lua): 'b' how many writes
--          began, 'e' how many ended (by end-write or abort-write), 'v' the highest
--          version a write of the entry ended with
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow of the value before the write
-- ARGV[1]  this writer's token
-- ARGV[2]  this write's sequence number, as begin-write returned it
-- ARGV[3]  how many other writers were active when this write began
-- ARGV[4]  the value's time to live in ms (0 for none)
-- ARGV[5]  the writer markers' time to live in ms
-- ARGV[6]  the version of the written row, or an empty string when it has none
-- ARGV[7]  the new value; absent to evict
--
-- Returns {result, repaired}: result 1 if the value was stored because this writer was
-- alone, 2 if it was stored because its version is the newest and every writer that
-- began has ended, 0 if the entry was deleted; repaired, how many fence keys were found
-- unreadable and repaired. While a 'repaired' marker lives nothing is stored and this
-- write's end is not counted, since the counters no longer know who began.
--
-- Invariant: a value is stored only by a writer whose marker had not expired and that
-- either was alone from its begin to its end, or carries a version newer than any write
-- that ended before it while no writer that began is still unaccounted for (active, or
-- dead after its commit). Anything else leaves the entry absent, so the next read loads
-- it from the database. A writer whose sequence number is at or before the last reset of
-- the versions ('v' is 'rS' or 'rS:V', set by an invalidation without a version at
-- sequence S) neither records its version nor stores by it: only writers that began after
-- the reset may set the highest version, which then keeps the reset ('rS:V').
-- scriptTime() and repair(...) come from repair-entry-fence.lua, which is loaded in front of this script.
local now = scriptTime()
local markerTtl = tonumber(ARGV[5])
local repaired, fence = repair(KEYS[1], KEYS[5], KEYS[2], KEYS[3], now, markerTtl)
local expiry = fence.writers[ARGV[1]]
local live = expiry ~= nil and expiry > now and not fence.repairing
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[4], KEYS[5])
local sequence = fence.began
local ended = 0
if live then
  -- Only a writer whose marker is alive began in the counters' lifetime.
  ended = redis.call('HINCRBY', KEYS[3], 'e', 1)
  redis.call('PEXPIRE', KEYS[3], markerTtl)
end
local result = 0
if ARGV[7] and live then
  if tonumber(ARGV[3]) == 0 and sequence == tonumber(ARGV[2]) then
    result = 1
  end
  if ARGV[6] ~= '' then
    if fence.reset and tonumber(ARGV[2]) <= fence.reset then
      -- Began before a change without a version reset the versions: its version may be
      -- the deleted row's, so it is neither recorded nor stored by.
      result = 0
    elseif fence.seen and fence.seen >= tonumber(ARGV[6]) then
      result = 0
    else
      redis.call('HSET', KEYS[3], 'v', formatVersion(fence.reset, ARGV[6]))
      if result == 0 and sequence == ended then
        result = 2
      end
    end
  end
end
if result > 0 then
  local ttl = tonumber(ARGV[4])
  if ttl > 0 then
    redis.call('SET', KEYS[1], ARGV[7], 'PX', ttl)
  else
    redis.call('SET', KEYS[1], ARGV[7])
  end
  return { result, repaired }
end
redis.call('DEL', KEYS[1])
return { 0, repaired }
