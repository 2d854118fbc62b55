-- Shared by begin-write, end-write and abort-write: the loader puts this file in front of each of them
-- (RedisCacheStore), so the repair rule exists once.
--
-- Fence state these scripts never write (a wrong type, a counter that is not an integer,
-- a key without a TTL, a marker outliving any writer's) means a writer may be active:
-- the entry is evicted, the bad keys are dropped, and a 'repaired' marker that expires
-- like a writer's keeps fills and stores away until every writer that could have begun
-- before has ended. Returns how many keys were repaired.
local function repair(valueKey, shadowKey, writersKey, counterKeys, now, markerTtl)
  local repaired = 0
  for _, key in ipairs(counterKeys) do
    local kind = redis.call('TYPE', key).ok
    if kind ~= 'none' and not (kind == 'string' and redis.call('PTTL', key) > 0
        and string.match(redis.call('GET', key), '^%-?%d+$')) then
      redis.call('DEL', key)
      repaired = repaired + 1
    end
  end
  local latest = '(' .. (now + markerTtl)
  local kind = redis.call('TYPE', writersKey).ok
  if kind ~= 'none' and not (kind == 'zset' and redis.call('PTTL', writersKey) > 0
      and #redis.call('ZRANGEBYSCORE', writersKey, latest, '+inf', 'LIMIT', 0, 1) == 0) then
    if kind == 'zset' then
      redis.call('ZREMRANGEBYSCORE', writersKey, latest, '+inf')
    else
      redis.call('DEL', writersKey)
    end
    repaired = repaired + 1
  end
  if repaired > 0 then
    for _, key in ipairs(counterKeys) do
      redis.call('DEL', key)
    end
    redis.call('DEL', valueKey, shadowKey)
    redis.call('ZADD', writersKey, now + markerTtl, 'repaired')
    redis.call('PEXPIRE', writersKey, markerTtl)
  end
  return repaired
end
