-- Runs the script of one entry, one(KEYS, ARGV), for each entry of a batch: the loader
-- (RedisCacheStore.scriptPerEntry) puts the shared functions, then that script as the
-- body of one(KEYS, ARGV), in front of this file. One round trip and one script call for
-- a batch instead of one per entry; every entry is still changed by the script of one
-- entry, under the invariant its header states.
--
-- KEYS     each entry's keys in turn, ARGV[1] of them per entry, in the order the script
--          of one entry takes them
-- ARGV[1]  how many keys each entry has
-- ARGV[2…] for each entry in turn: how many arguments it has, then those arguments
--
-- Returns the answer of each entry, in order. The keys of a batch must be ones a script
-- may take together: on a Redis Cluster, keys of one hash slot.
local perEntry = tonumber(ARGV[1])
local answers = {}
local at = 2
for first = 0, #KEYS - 1, perEntry do
  local keys = {}
  for i = 1, perEntry do
    keys[i] = KEYS[first + i]
  end
  local count = tonumber(ARGV[at])
  local arguments = {}
  for i = 1, count do
    arguments[i] = ARGV[at + i]
  end
  at = at + count + 1
  answers[#answers + 1] = one(keys, arguments)
end
return answers
