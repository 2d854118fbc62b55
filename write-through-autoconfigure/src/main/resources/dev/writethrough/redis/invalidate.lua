-- Evicts one cache entry through the fence, for a change the database made that no
-- fenced writer of this entry announced (a change read from the database's change
-- stream): no writer in flight may store, no reader that read before may fill.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's write sequence: how many writes began
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow of the value before a write in flight
-- KEYS[6]  how many writes of the entry ended (by end-write or abort-write)
-- KEYS[7]  the highest version a write of the entry ended with
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
-- It forgets it by writing the reset's sequence S ('rS'): writers that began at or
-- before S never record their version (it may be the deleted row's), writers that began
-- after record theirs beside the reset ('rS:V'), and a change with a version after the
-- reset is compared with those versions only.
-- repair(...) comes from repair-entry-fence.lua, which is loaded in front of this script.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local markerTtl = tonumber(ARGV[1])
local repaired = repair(KEYS[1], KEYS[5], KEYS[2], { KEYS[3], KEYS[6] }, now, markerTtl, KEYS[7])
if redis.call('TYPE', KEYS[2]).ok == 'zset' and redis.call('ZSCORE', KEYS[2], 'queued') then
  return { 0, repaired }
end
if ARGV[2] ~= '' then
  local reset, seen = parseVersion(redis.call('GET', KEYS[7]))
  if seen and seen >= tonumber(ARGV[2]) then
    return { 0, repaired }
  end
  redis.call('SET', KEYS[7], formatVersion(reset, ARGV[2]), 'PX', markerTtl)
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('EXISTS', KEYS[2]) == 1
local sequence = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], markerTtl)
if ARGV[2] == '' then
  -- A change without a version (a delete, an update that left the version) ends the
  -- versions seen so far: a row inserted again starts its versions anew, and must not
  -- be skipped as older than the deleted row's. It records the sequence of the reset, so
  -- a writer that began before (its version may be the deleted row's) cannot bring the
  -- old version back when it ends. The sequence lives at least as long as this marker.
  redis.call('SET', KEYS[7], 'r' .. sequence, 'PX', markerTtl)
end
if ARGV[2] ~= '' or not inFlight then
  redis.call('INCR', KEYS[6])
  redis.call('PEXPIRE', KEYS[6], markerTtl)
end
redis.call('DEL', KEYS[1], KEYS[4], KEYS[5])
return { 1, repaired }
