-- Gives up the change-capture lease, if this instance holds it, so another instance can
-- take over at once instead of after the lease expires.
--
-- KEYS[1]  the leader key
-- ARGV[1]  this instance's token
--
-- Returns 1 if the lease was released, 0 if this instance did not hold it.
--
-- Invariant: an instance never deletes another instance's lease.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
