-- Marks one cache entry as being written, before the database commits.
--
-- KEYS[1]  the cached value
-- KEYS[2]  the active writers: a sorted set of writer tokens scored by their expiry (ms)
-- KEYS[3]  the entry's write sequence
-- KEYS[4]  the entry's read lease
-- KEYS[5]  the shadow: the value before this write, kept so a rollback can restore it
-- KEYS[6]  how many writes of the entry have ended (by end-write or abort-write)
-- ARGV[1]  this writer's token
-- ARGV[2]  the marker's time to live in ms (longer than any transaction)
--
-- Returns {sequence, others, repaired}: this write's sequence number, how many other
-- writers were active when it began (a 'repaired' marker counts as one), and how many
-- fence keys were found unreadable and repaired.
--
-- Invariant: from here until end-write or abort-write (or the marker's expiry) no value
-- is served for the entry and no read lease can fill it: the old value moves to the
-- shadow (only abort-write of the last writer may move it back) and any lease taken before
-- is cancelled. A writer that crashes after its commit therefore leaves nothing stale.
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
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ttl = tonumber(ARGV[2])
local repaired = repair(KEYS[1], KEYS[5], KEYS[2], { KEYS[3], KEYS[6] }, now, ttl)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local others = redis.call('ZCARD', KEYS[2])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[2], ttl)
local sequence = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], ttl)
-- The begun and ended counters always expire together, so their difference stays the
-- number of writers that began and never ended.
if redis.call('EXISTS', KEYS[6]) == 1 then
  redis.call('PEXPIRE', KEYS[6], ttl)
end
redis.call('DEL', KEYS[4], KEYS[5])
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[5])
end
return { sequence, others, repaired }
