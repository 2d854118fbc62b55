-- Shared by acquire-lease and fill: the loader puts this file in front of each of them
-- (RedisCacheStore), so the repair rule exists once.
--
-- A writer set or lease these scripts never write (a wrong type, a lease without a TTL)
-- means a writer may be active: the bad key is replaced by a 'repaired' marker that
-- expires like a writer's (ARGV markerTtl), so no fill happens until then. A write-behind
-- entry's writer set may lack a TTL while its write is queued.
--
-- activeWriters returns how many writers have not expired (a 'repaired' marker counts),
-- with one call: ZCOUNT, through redis.pcall, answers a key of another type with an
-- error, which is then repaired. Writers that expired stay in the set for begin-write to
-- remove. Returns active, repaired (how many keys were repaired).
local function activeWriters(writersKey, now, markerTtl)
  local active = redis.pcall('ZCOUNT', writersKey, '(' .. now, '+inf')
  if type(active) == 'number' then
    return active, 0
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
