-- After a read missed: returns the value if it appeared meanwhile, otherwise grants the
-- reader the lease to fill the entry, unless a writer is active or another reader holds
-- the lease.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's read lease
-- ARGV[1]  the reader's token
-- ARGV[2]  the lease's time to live in ms
-- ARGV[3]  the writer markers' time to live in ms, for a repaired writer set
--
-- Returns {status, repaired, value}: status 0 when the value is there (then value), 1
-- when the lease is granted, 2 when a writer is active (read the database, do not fill),
-- 3 when another reader holds the lease (wait for its fill); repaired, how many fence
-- keys were found unreadable and repaired.
--
-- Invariant: at most one reader holds the lease of an entry, and never while a writer is
-- active.
-- activeWriters(...) and repairLease(...) come from repair-lease-fence.lua, which is
-- loaded in front of this script.
local value = redis.call('GET', KEYS[1])
if value then
  return { 0, 0, value }
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local repaired = repairLease(KEYS[3])
local active, writersRepaired = activeWriters(KEYS[2], now, tonumber(ARGV[3]))
repaired = repaired + writersRepaired
if active > 0 then
  return { 2, repaired }
end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', tonumber(ARGV[2])) then
  return { 1, repaired }
end
return { 3, repaired }
