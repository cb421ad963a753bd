import { luaScript } from './redis-commands.js';

// `now`: Redis's clock in ms, the clock its `PX` expiries run on, so an index score (an entry's
// expiry) never disagrees with the entry whatever the instances' clocks say.
const NOW_MS = `local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)`;

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
 * Stores a sealed token and files it in its human's index, a sorted set scored by each entry's
 * expiry (Redis's own clock, so instances' clocks never disagree with the entries' `PX`). Each
 * store first drops the index's expired members, so the index holds no more than the human's
 * live entries; it lives as long as its longest entry. KEYS[1] entry; KEYS[2] index; ARGV[1]
 * sealed value; ARGV[2] ms to keep it.
 */
export const STORE_TOKEN = luaScript(`
${NOW_MS}
local keep = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', keep)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('(%d', now))
redis.call('ZADD', KEYS[2], string.format('%d', now + keep), KEYS[1])
if redis.call('PTTL', KEYS[2]) < keep then redis.call('PEXPIRE', KEYS[2], keep) end
return 1
`);

/**
 * Deletes every live token in a human's index (members scored before now have expired), and the
 * index; returns how many tokens were there. The entries share the index's hash tag, so on a
 * Cluster they are on the script's node. KEYS[1] index.
 */
export const INVALIDATE_HUMAN = luaScript(`
${NOW_MS}
local removed = 0
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%d', now), '+inf')) do
  removed = removed + redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
return removed
`);

/**
 * Lists a human's stored tokens: a flat array `entry key, sealed value, …` of the index's live
 * members (by their expiry score), at most `ARGV[1]` of them (the caller asks for one more than it
 * keeps, to tell that there were more). A member that is not a string key is skipped, not an
 * error. KEYS[1] index; ARGV[1] most entries.
 */
export const LIST_HUMAN_TOKENS = luaScript(`
${NOW_MS}
local listed = {}
local live = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%d', now), '+inf', 'LIMIT', 0, ARGV[1])
for _, key in ipairs(live) do
  local value = redis.pcall('GET', key)
  if type(value) == 'string' then
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
