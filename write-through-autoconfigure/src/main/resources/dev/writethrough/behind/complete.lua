-- Ends a batch the database committed (or that was parked): releases its keys,
-- finishes the keys whose latest write it held, and acknowledges and deletes its
-- entries.
--
-- KEYS[1]  the cache's latest queued write per key (key -> stream id)
-- KEYS[2]  the keys being written by a flusher
-- KEYS[3]  the cache's queue (a stream)
-- KEYS[4..] pairs of cached value and active writers, one per finished write
-- ARGV[1]  this flusher's consumer name
-- ARGV[2]  the consumer group
-- ARGV[3]  the values' time to live in ms once in the database (0 for none)
-- ARGV[4]  '1' to keep each finished value cached, '0' to evict it (parked writes)
-- ARGV[5]  how many finished writes follow
-- ARGV[6..] per finished write: key, stream id, serialized value
-- then     the stream ids of every entry of the batch to acknowledge
--
-- Returns how many entries were acknowledged.
--
-- Invariant: the queued marker of a key goes only with its latest write, so reads keep
-- away from the database until the database holds the last value; the cached value
-- stays only if it is still the value written (it gets its time to live back).
local finished = tonumber(ARGV[5])
local ttl = tonumber(ARGV[3])
for i = 0, finished - 1 do
  local key = ARGV[6 + i * 3]
  local id = ARGV[7 + i * 3]
  local value = ARGV[8 + i * 3]
  local valueKey = KEYS[4 + i * 2]
  local writersKey = KEYS[5 + i * 2]
  local holder = redis.call('HGET', KEYS[2], key)
  if holder and string.sub(holder, 1, #ARGV[1] + 1) == ARGV[1] .. '|' then
    redis.call('HDEL', KEYS[2], key)
  end
  if redis.call('HGET', KEYS[1], key) == id then
    redis.call('HDEL', KEYS[1], key)
    redis.call('ZREM', writersKey, 'queued')
    if ARGV[4] == '1' and redis.call('GET', valueKey) == value then
      if ttl > 0 then
        redis.call('PEXPIRE', valueKey, ttl)
      end
    else
      redis.call('DEL', valueKey)
    end
  end
end
local ids = {}
for i = 6 + finished * 3, #ARGV do
  ids[#ids + 1] = ARGV[i]
end
if #ids == 0 then
  return 0
end
local acked = redis.call('XACK', KEYS[3], ARGV[2], unpack(ids))
redis.call('XDEL', KEYS[3], unpack(ids))
return acked
