-- Releases the keys a flusher held for a batch the database did not take, so another
-- flusher may write them; the entries stay unacknowledged, to be tried again.
--
-- KEYS[1]  the keys being written by a flusher
-- ARGV[1]  this flusher's consumer name
-- ARGV[2..] the keys
--
-- Returns how many keys were released.
local released = 0
for i = 2, #ARGV do
  local holder = redis.call('HGET', KEYS[1], ARGV[i])
  if holder and string.sub(holder, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
    redis.call('HDEL', KEYS[1], ARGV[i])
    released = released + 1
  end
end
return released
