-- Deletes keys of a write-behind cache, except those of entries whose write is still
-- queued for the database: clearing the cache must not drop a value the database does
-- not have yet.
--
-- KEYS     the keys to delete: entries, their read leases and writer sets, all in the
--          cache's one hash slot
--
-- Returns {deleted, kept}: how many keys were deleted, and how many entries were kept
-- because their write is queued.
--
-- Invariant: a key whose writer set holds the member 'queued' (enqueue.lua) keeps its
-- value and its writer set until complete.lua finishes the write.
local deleted = 0
local kept = 0
for i = 1, #KEYS do
  local key = KEYS[i]
  local isWriters = redis.call('TYPE', key).ok == 'zset'
  local writers = isWriters and key or (key .. ':w')
  local queued = redis.call('TYPE', writers).ok == 'zset' and redis.call('ZSCORE', writers, 'queued')
  if queued then
    if not isWriters then
      kept = kept + 1
    end
  else
    deleted = deleted + redis.call('DEL', key)
  end
end
return { deleted, kept }
