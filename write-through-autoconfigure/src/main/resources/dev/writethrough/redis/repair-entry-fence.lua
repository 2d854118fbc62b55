-- Shared by begin-write, end-write, abort-write and invalidate: the loader puts this file in front of each of them
-- (RedisCacheStore), so the repair rule exists once.
--
-- Fence state these scripts never write (a wrong type, a counter that is not an integer,
-- a key without a TTL, a marker outliving any writer's) means a writer may be active:
-- the entry is evicted, the bad keys are dropped, and a 'repaired' marker that expires
-- like a writer's keeps fills and stores away until every writer that could have begun
-- before has ended. Returns how many keys were repaired.
--
-- The highest version (versionKey, only end-write and invalidate pass it) reads 'V', or
-- 'rS' after a change without a version reset the versions at write sequence S, or
-- 'rS:V' once writers that began after that reset ended with V. Returns reset, version
-- (either may be nil), or false when the value is not of these forms; formatVersion
-- writes the forms with a version.
local function parseVersion(raw)
  if not raw then
    return nil, nil
  end
  local version = string.match(raw, '^%-?%d+$')
  if version then
    return nil, tonumber(version)
  end
  local reset = string.match(raw, '^r(%d+)$')
  if reset then
    return tonumber(reset), nil
  end
  local since
  reset, since = string.match(raw, '^r(%d+):(%-?%d+)$')
  if reset then
    return tonumber(reset), tonumber(since)
  end
  return false
end

-- The highest version V as written beside a reset at sequence reset ('rS:V'), or alone.
local function formatVersion(reset, version)
  return (reset and ('r' .. reset .. ':') or '') .. version
end

-- Each key is read with as few calls as the check allows: PTTL first (-2 when the key is
-- absent, which needs no other call), then its value through redis.pcall, which answers
-- a key of another type with an error instead of raising it.
local function repair(valueKey, shadowKey, writersKey, counterKeys, now, markerTtl, versionKey)
  local repaired = 0
  for _, key in ipairs(counterKeys) do
    local ttl = redis.call('PTTL', key)
    if ttl ~= -2 then
      local value = redis.pcall('GET', key)
      if not (ttl > 0 and type(value) == 'string' and string.match(value, '^%-?%d+$')) then
        redis.call('DEL', key)
        repaired = repaired + 1
      end
    end
  end
  if versionKey then
    local ttl = redis.call('PTTL', versionKey)
    if ttl ~= -2 then
      local value = redis.pcall('GET', versionKey)
      if not (ttl > 0 and type(value) == 'string' and parseVersion(value) ~= false) then
        redis.call('DEL', versionKey)
        repaired = repaired + 1
      end
    end
  end
  local latest = '(' .. (now + markerTtl)
  local ttl = redis.call('PTTL', writersKey)
  if ttl ~= -2 then
    local far = redis.pcall('ZRANGEBYSCORE', writersKey, latest, '+inf', 'LIMIT', 0, 1)
    local sortedSet = type(far) == 'table' and far.err == nil
    if not (sortedSet and ttl > 0 and #far == 0) then
      if sortedSet then
        redis.call('ZREMRANGEBYSCORE', writersKey, latest, '+inf')
      else
        redis.call('DEL', writersKey)
      end
      repaired = repaired + 1
    end
  end
  if repaired > 0 then
    for _, key in ipairs(counterKeys) do
      redis.call('DEL', key)
    end
    if versionKey then
      redis.call('DEL', versionKey)
    end
    redis.call('DEL', valueKey, shadowKey)
    redis.call('ZADD', writersKey, now + markerTtl, 'repaired')
    redis.call('PEXPIRE', writersKey, markerTtl)
  end
  return repaired
end
