-- Fills an entry with the value a lease holder read from the database.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers (token -> expiry ms)
-- KEYS[3]  the entry's read lease
-- ARGV[1]  the reader's lease token
-- ARGV[2]  the value's time to live in ms (0 for none)
-- ARGV[3]  the value
-- ARGV[4]  the writer markers' time to live in ms, for a repaired writer set
--
-- Returns {stored, repaired}: stored 1 if the value was stored, 0 if the fill was
-- refused; repaired, how many fence keys were found unreadable and repaired.
--
-- Invariant: a fill succeeds only while its lease is still held (no writer began since,
-- as begin-write cancels leases) and no writer is active, so a reader that read an old
-- row can never cache it over a newer commit.
-- activeWriters(...) comes from repair-lease-fence.lua, which is loaded in front of this
-- script.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local active, repaired = activeWriters(KEYS[2], now, tonumber(ARGV[4]))
-- A lease of another type answers GET with an error, which is not the token.
if redis.pcall('GET', KEYS[3]) ~= ARGV[1] then
  return { 0, repaired }
end
redis.call('DEL', KEYS[3])
if active > 0 then
  return { 0, repaired }
end
local ttl = tonumber(ARGV[2])
if ttl > 0 then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ttl)
else
  redis.call('SET', KEYS[1], ARGV[3])
end
return { 1, repaired }
