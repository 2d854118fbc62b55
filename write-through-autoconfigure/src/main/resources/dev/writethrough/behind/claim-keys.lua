-- Decides, for each taken entry, whether this flusher writes it now: only the latest
-- queued write of a key is written, and only by one flusher at a time.
--
-- KEYS[1]  the cache's latest queued write per key (key -> stream id)
-- KEYS[2]  the keys being written by a flusher (key -> 'consumer|expiry ms')
-- ARGV[1]  this flusher's consumer name
-- ARGV[2]  how long (ms) a flusher may hold a key
-- ARGV[3..] pairs of key and stream id
--
-- Returns one number per pair: 1 write it (the key is now held by this flusher), 0 a
-- later write of the key supersedes it (acknowledge without writing), 2 another flusher
-- is writing the key (leave it for the next batch).
--
-- Invariant: two flushers never write one key at the same time, and a write is never
-- written after a later write of the same key, so the database ends with the last value.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local holdUntil = now + tonumber(ARGV[2])
local result = {}
for i = 3, #ARGV, 2 do
  local key = ARGV[i]
  local latest = redis.call('HGET', KEYS[1], key)
  if latest ~= ARGV[i + 1] then
    result[#result + 1] = 0
  else
    local holder = redis.call('HGET', KEYS[2], key)
    local busy = false
    if holder then
      local bar = string.find(holder, '|', 1, true)
      local owner = string.sub(holder, 1, bar - 1)
      local expiry = tonumber(string.sub(holder, bar + 1))
      busy = owner ~= ARGV[1] and expiry > now
    end
    if busy then
      result[#result + 1] = 2
    else
      redis.call('HSET', KEYS[2], key, ARGV[1] .. '|' .. holdUntil)
      result[#result + 1] = 1
    end
  end
end
return result
