-- Renews the change-capture leader's lease, if this instance still holds it.
--
-- KEYS[1]  the leader key: the token of the instance that reads the change stream
-- ARGV[1]  this instance's token
-- ARGV[2]  the lease's time to live in ms
--
-- Returns 1 if the lease was renewed, 0 if another instance holds it or it expired.
--
-- Invariant: only the holder extends a lease; an expired lease is never revived, so an
-- instance that paused past its lease learns it lost it and stops reading.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
return 0
