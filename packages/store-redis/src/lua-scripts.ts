import { luaScript } from './redis-commands.js';

/**
 * A claim with a binding: first use sets the key; a later claim wins only with the very same
 * binding, and never extends the first claim's lifetime. Unbound claims need no script (`SET NX`).
 * KEYS[1] the jti's key; ARGV[1] `b:` + binding; ARGV[2] ms to remember it.
 */
export const CLAIM_BOUND = luaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0
`);

/**
 * Stores a sealed token and files it in its human's index, which lives as long as its longest
 * entry. KEYS[1] entry; KEYS[2] index; ARGV[1] sealed value; ARGV[2] ms to keep it.
 */
export const STORE_TOKEN = luaScript(`
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SADD', KEYS[2], KEYS[1])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 1
`);

/**
 * Deletes every token in a human's index, and the index; returns how many tokens were there.
 * The entries share the index's hash tag, so on a Cluster they are on the script's node.
 * KEYS[1] index.
 */
export const INVALIDATE_HUMAN = luaScript(`
local removed = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  removed = removed + redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
return removed
`);

/**
 * Lists a human's stored tokens: a flat array `entry key, sealed value, …` of the entries in the
 * index that still exist, at most `ARGV[1]` of them (the caller asks for one more than it keeps, to
 * tell that there were more). KEYS[1] index; ARGV[1] most entries.
 */
export const LIST_HUMAN_TOKENS = luaScript(`
local listed = {}
local most = tonumber(ARGV[1])
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if #listed >= most * 2 then break end
  local value = redis.call('GET', key)
  if value then
    listed[#listed + 1] = key
    listed[#listed + 1] = value
  end
end
return listed
`);

/** Releases a lock only when its holder still holds it. KEYS[1] lock; ARGV[1] holder's value. */
export const RELEASE_LOCK = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Records a human's delegation cut-off: the later of the stored and the new one wins, kept at
 * least `ARGV[2]` ms. KEYS[1] the human's cut-off key; ARGV[1] cut-off (ms since epoch); ARGV[2]
 * ms to keep it.
 */
export const END_DELEGATION = luaScript(`
local current = tonumber(redis.call('GET', KEYS[1]) or '')
local cutoff = tonumber(ARGV[1])
if current ~= nil and current > cutoff then cutoff = current end
local ttl = redis.call('PTTL', KEYS[1])
local keep = tonumber(ARGV[2])
if ttl > keep then keep = ttl end
redis.call('SET', KEYS[1], string.format('%d', cutoff), 'PX', keep)
return 1
`);
