-- Shared by acquire-lease and fill: the loader puts this file in front of each of them
-- (RedisCacheStore), so the repair rule exists once.
--
-- A writer set or lease these scripts never write (a wrong type, a lease without a TTL)
-- means a writer may be active: the bad key is replaced by a 'repaired' marker that
-- expires like a writer's (ARGV markerTtl), so no fill happens until then. A write-behind
-- entry's writer set may lack a TTL while its write is queued. Returns how many keys were
-- repaired.
local function repair(writersKey, leaseKey, now, markerTtl)
  local repaired = 0
  if leaseKey then
    local kind = redis.call('TYPE', leaseKey).ok
    if kind ~= 'none' and not (kind == 'string' and redis.call('PTTL', leaseKey) > 0) then
      redis.call('DEL', leaseKey)
      repaired = repaired + 1
    end
  end
  local kind = redis.call('TYPE', writersKey).ok
  if kind ~= 'none' and kind ~= 'zset' then
    redis.call('DEL', writersKey)
    redis.call('ZADD', writersKey, now + markerTtl, 'repaired')
    redis.call('PEXPIRE', writersKey, markerTtl)
    repaired = repaired + 1
  end
  return repaired
end
