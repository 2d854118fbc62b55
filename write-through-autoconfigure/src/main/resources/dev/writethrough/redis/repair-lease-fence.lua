-- Shared by acquire-lease and fill: the loader puts this file in front of each of them
-- (RedisCacheStore), so the repair rule exists once.
--
-- A writer set or lease these scripts never write (a wrong type, a lease without a TTL)
-- means a writer may be active: the bad key is replaced by a 'repaired' marker that
-- expires like a writer's (ARGV markerTtl), so no fill happens until then. A write-behind
-- entry's writer set may lack a TTL while its write is queued.
--
-- activeWriters returns how many writers have not expired (a 'repaired' marker counts).
-- It removes the expired ones first, through redis.pcall, which answers a key of another
-- type with an error, which is then repaired. That removal is also the script's first
-- write: Redis refuses a command that may grow memory (SET) under maxmemory only while
-- the script has written nothing, so a lease is still granted and filled under memory
-- pressure, as a plain SET would not be. Returns active, repaired (how many keys were
-- repaired).
local function activeWriters(writersKey, now, markerTtl)
  local removed = redis.pcall('ZREMRANGEBYSCORE', writersKey, '-inf', now)
  if type(removed) == 'number' then
    return redis.call('ZCARD', writersKey), 0
  end
  redis.call('DEL', writersKey)
  redis.call('ZADD', writersKey, now + markerTtl, 'repaired')
  redis.call('PEXPIRE', writersKey, markerTtl)
  return 1, 1
end

-- Drops a lease of another type or without a TTL. Returns how many keys were repaired.
local function repairLease(leaseKey)
  local ttl = redis.call('PTTL', leaseKey)
  if ttl == -2 or (ttl > 0 and redis.call('TYPE', leaseKey).ok == 'string') then
    return 0
  end
  redis.call('DEL', leaseKey)
  return 1
end
