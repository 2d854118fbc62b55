-- Shared by begin-write, end-write, abort-write and invalidate: the loader puts this file in front of each of them
-- (RedisCacheStore), so the reading of the fence and its repair rule exist once.
--
-- An entry's fence is two keys: its active writers (a sorted set of writer tokens scored by
-- their expiry in ms) and its counters (a hash): 'b', how many writes began (the write
-- sequence); 'e', how many ended (by end-write or abort-write); 'v', the highest version a
-- write ended with. Both keys expire, so the counters always expire together and their
-- difference stays the number of writers that began and never ended. A write-behind entry
-- whose write is queued has the writer 'queued' (score +inf) and may have no TTL.
--
-- Fence state these scripts never write (a wrong type, a counter that is not an integer,
-- a key without a TTL, a marker outliving any writer's) means a writer may be active:
-- the entry is evicted, the bad keys are dropped, and a 'repaired' marker that expires
-- like a writer's keeps fills and stores away until every writer that could have begun
-- before has ended.
--
-- The highest version reads 'V', or 'rS' after a change without a version reset the
-- versions at write sequence S, or 'rS:V' once writers that began after that reset ended
-- with V. parseVersion returns reset, version (either may be nil), or false when the value
-- is not of these forms; formatVersion writes the forms with a version.
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

-- The time in ms, read once per script call: a batch (each-entry.lua) runs every entry
-- at the time the call began, as Redis itself does for the keys' expiry while a script
-- runs.
local clock
local function scriptTime()
  if not clock then
    local time = redis.call('TIME')
    clock = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  end
  return clock
end

local function isCount(value)
  return value == false or (type(value) == 'string' and string.match(value, '^%-?%d+$') ~= nil)
end

-- Reads the fence of one entry and repairs it, each key with as few calls as the check
-- allows: the writer set with one ZRANGE, the counters with PTTL (-2 when they are
-- absent, which needs no other call) and HMGET. Both reads go through redis.pcall, which
-- answers a key of another type with an error instead of raising it.
--
-- Returns repaired (how many keys were repaired) and the fence as read, or as the repair
-- left it:
--   began          the write sequence (nil when absent)
--   reset, seen    the highest version, parsed (nil when absent)
--   writers        token -> expiry (ms) of every writer in the set, expired ones too
--                  (not those the repair removed)
--   live           how many writers have not expired ('queued' and 'repaired' included)
--   expired        whether some writer in the set has expired
--   queued         whether a write-behind write of the entry is queued
--   repairing      whether a 'repaired' marker lives
local function repair(valueKey, shadowKey, writersKey, countersKey, now, markerTtl)
  local fence = { writers = {}, live = 0, expired = false, queued = false, repairing = false }
  local repaired = 0
  local latest = now + markerTtl
  -- The writer set needs no TTL check: a writer whose expiry is not too far ahead
  -- expires by its score whatever the key's TTL, and the next writer gives the key one.
  local members = redis.pcall('ZRANGE', writersKey, 0, -1, 'WITHSCORES')
  if type(members) == 'table' and members.err == nil then
    local far = {}
    for i = 1, #members, 2 do
      local token = members[i]
      local expiry = tonumber(members[i + 1])
      if token == 'queued' and expiry == math.huge then
        fence.queued = true
        fence.writers[token] = expiry
      elseif expiry > latest then
        far[#far + 1] = token
      else
        fence.writers[token] = expiry
      end
    end
    if #far > 0 then
      redis.call('ZREM', writersKey, unpack(far))
      repaired = repaired + 1
    end
  else
    redis.call('DEL', writersKey)
    repaired = repaired + 1
  end
  local countersTtl = redis.call('PTTL', countersKey)
  if countersTtl ~= -2 then
    local counters = redis.pcall('HMGET', countersKey, 'b', 'e', 'v')
    local readable = type(counters) == 'table' and counters.err == nil and countersTtl > 0
        and isCount(counters[1]) and isCount(counters[2])
    local reset, seen
    if readable and counters[3] then
      reset, seen = parseVersion(counters[3])
      readable = reset ~= false
    end
    if readable then
      fence.began = counters[1] and tonumber(counters[1]) or nil
      fence.reset = reset
      fence.seen = seen
    else
      -- Deleted below, with the entry.
      repaired = repaired + 1
    end
  end
  if repaired > 0 then
    fence.began, fence.reset, fence.seen = nil, nil, nil
    redis.call('DEL', countersKey, valueKey, shadowKey)
    redis.call('ZADD', writersKey, latest, 'repaired')
    fence.writers['repaired'] = latest
    if not fence.queued then
      -- A queued write-behind write keeps its writer set until it is written.
      redis.call('PEXPIRE', writersKey, markerTtl)
    end
  end
  for _, expiry in pairs(fence.writers) do
    if expiry > now then
      fence.live = fence.live + 1
    else
      fence.expired = true
    end
  end
  fence.repairing = (fence.writers['repaired'] or 0) > now
  return repaired, fence
end
