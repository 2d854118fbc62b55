-- Evicts one cache entry through the fence, for a change the database made that no
-- fenced writer of this entry announced (a change read from the database's change
-- stream): no writer in flight may store, no reader that read before may fill.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's counters (a hash, see repair-entry-fence.lua): 'b' how many writes
--          began (the write sequence), 'e' how many ended (by end-write or abort-write),
--          'v' the highest version a write of the entry ended with
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow of the value before a write in flight
-- ARGV[1]  the writer markers' time to live in ms
-- ARGV[2]  the version of the changed row, or an empty string when it has none
--
-- Returns {invalidated, repaired}: invalidated 1 if the entry was evicted, 0 if nothing
-- was done because a write (or an invalidation) of this version or newer already ended,
-- or because the entry's write is still queued in a write-behind cache; repaired, how
-- many fence keys were found unreadable and repaired.
--
-- Invariant: after an invalidation no value read or written before it is stored: the
-- write sequence moves on (a writer in flight no longer matches it), the read lease is
-- cancelled (a fill of it is refused) and the value and the shadow are deleted (an abort
-- cannot restore the old value). An invalidation counts as a write that began and ended
-- at once, so the begun and ended counters still differ by the writers in flight; with
-- no version and writers in flight it counts as one that never ends, so none of those
-- writers can store by version until the counters expire (they evict instead). With a
-- version it records it, so writers in flight of that version or older evict too, and a
-- change delivered again is not evicted twice. Without a version it forgets the highest
-- version: forgetting it can only make a later change evict, never let a value store
-- (a writer in flight then neither matches the sequence nor sees every writer ended).
-- It forgets it by writing the reset's sequence S ('v' is 'rS'): writers that began at or
-- before S never record their version (it may be the deleted row's), writers that began
-- after record theirs beside the reset ('rS:V'), and a change with a version after the
-- reset is compared with those versions only.
-- scriptTime() and repair(...) come from repair-entry-fence.lua, which is loaded in front of this script.
local now = scriptTime()
local markerTtl = tonumber(ARGV[1])
local repaired, fence = repair(KEYS[1], KEYS[5], KEYS[2], KEYS[3], now, markerTtl)
if fence.queued then
  return { 0, repaired }
end
if ARGV[2] ~= '' and fence.seen and fence.seen >= tonumber(ARGV[2]) then
  return { 0, repaired }
end
-- The first write is one that cannot grow memory (see begin-write.lua), so an
-- invalidation is still taken under memory pressure.
redis.call('DEL', KEYS[1], KEYS[4], KEYS[5])
if fence.expired then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end
local inFlight = fence.live > 0
local sequence = redis.call('HINCRBY', KEYS[3], 'b', 1)
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[3], 'v', formatVersion(fence.reset, ARGV[2]))
else
  -- A change without a version (a delete, an update that left the version) ends the
  -- versions seen so far: a row inserted again starts its versions anew, and must not
  -- be skipped as older than the deleted row's. It records the sequence of the reset, so
  -- a writer that began before (its version may be the deleted row's) cannot bring the
  -- old version back when it ends.
  redis.call('HSET', KEYS[3], 'v', 'r' .. sequence)
end
if ARGV[2] ~= '' or not inFlight then
  redis.call('HINCRBY', KEYS[3], 'e', 1)
end
redis.call('PEXPIRE', KEYS[3], markerTtl)
return { 1, repaired }
