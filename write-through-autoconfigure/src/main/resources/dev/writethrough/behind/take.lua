-- Hands a flusher its next batch from the cache's queue, through the consumer group
-- (created on first use, from the start of the stream).
--
-- KEYS[1]  the cache's queue (a stream)
-- ARGV[1]  the consumer group
-- ARGV[2]  this flusher's consumer name
-- ARGV[3]  the batch size
-- ARGV[4]  how long (ms) another flusher's batch must stay unacknowledged before it is
--          taken over
-- ARGV[5]  '1' to leave this flusher's own unacknowledged entries for later (writes it
--          isolated and retries with their own backoff), so new writes are not held up
--
-- Returns {source, entries, length}: source 1 for this flusher's own unacknowledged entries
-- (writes to retry, or keys another flusher was writing), 2 for entries taken over from
-- a flusher that stopped answering, 3 for new entries; each entry is {id, {field,
-- value, ...}} (the fields are empty for an entry deleted meanwhile); length is the
-- stream's length, which writers use to keep the queue's total under its limit.
--
-- Invariant: an entry is acknowledged only once written (complete.lua) or parked
-- (dead-letter.lua), so an entry taken by a flusher that dies is taken over, never lost.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return { 0, {}, 0 }
end
local length = redis.call('XLEN', KEYS[1])
pcall(redis.call, 'XGROUP', 'CREATE', KEYS[1], ARGV[1], '0')
local count = tonumber(ARGV[3])
if ARGV[5] ~= '1' then
  local mine = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', count, 'STREAMS', KEYS[1], '0')
  if mine and mine[1] and #mine[1][2] > 0 then
    return { 1, mine[1][2], length }
  end
end
local claimed = redis.call('XAUTOCLAIM', KEYS[1], ARGV[1], ARGV[2], tonumber(ARGV[4]), '0-0', 'COUNT', count)
if #claimed[2] > 0 then
  return { 2, claimed[2], length }
end
local new = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', count, 'STREAMS', KEYS[1], '>')
if new and new[1] then
  return { 3, new[1][2], length }
end
return { 3, {}, length }
