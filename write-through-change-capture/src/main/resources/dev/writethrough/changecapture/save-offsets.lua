-- Stores the change stream's position (Kafka Connect offsets) or appends to the schema
-- history, only while this instance holds the change-capture lease.
--
-- KEYS[1]  the leader key
-- KEYS[2]  the offsets hash (field and value base64 encoded), or the schema history list
-- ARGV[1]  this instance's token
-- ARGV[2]  'hash' to set offsets, 'list' to append history records
-- ARGV[3..] field/value pairs ('hash') or records ('list')
--
-- Returns 1 if stored, 0 if this instance does not hold the lease (nothing is stored).
--
-- Invariant: only the current leader moves the position, so an instance that lost its
-- lease while paused can never move it back over its successor's.
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
if ARGV[2] == 'hash' then
  for i = 3, #ARGV, 2 do
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
  end
else
  for i = 3, #ARGV do
    redis.call('RPUSH', KEYS[2], ARGV[i])
  end
end
return 1
