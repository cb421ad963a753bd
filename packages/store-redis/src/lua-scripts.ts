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
 * Keeps the later of the time held at `key` and `time` (both whole ms since the epoch), for at
 * least `keep` ms (never shortening what is left of it): a delegation cut-off, a human's last
 * `invalidate`.
 */
const keepLaterTime = (key: string, time: string, keep: string) => `
local held = tonumber(redis.call('GET', ${key}) or '')
local later = tonumber(${time})
if held ~= nil and held > later then later = held end
local keepMs = tonumber(${keep})
local ttl = redis.call('PTTL', ${key})
if ttl > keepMs then keepMs = ttl end
redis.call('SET', ${key}, string.format('%d', later), 'PX', keepMs)`;

/**
 * Keeps the record at `key` for `keep` ms from now, never shortening it: on a Redis that may evict,
 * a record that expired reads as "may have been evicted", a human's tokens missing the cache for
 * `clockToleranceSeconds`; renewed on each use, it expires only for a human not seen for that long.
 */
const extendRecord = (key: string, keep: string) =>
  `if redis.call('PTTL', ${key}) < tonumber(${keep}) then redis.call('PEXPIRE', ${key}, ${keep}) end`;

/**
 * Stores a sealed token and files it in its human's index, a sorted set scored by each entry's
 * expiry (Redis's own clock, so instances' clocks never disagree with the entries' `PX`). Each
 * store first drops the index's expired members, so the index holds no more than the human's
 * live entries; it lives as long as its longest entry. A token whose request began at or before
 * the human's last `invalidate` (ARGV[3], its issue time less the instances' clock tolerance, at
 * or before the time `INVALIDATE_HUMAN` recorded) is not stored: a request under way at a logout
 * must not put its token back. On a Redis that may evict (ARGV[4] not empty) a missing record may
 * have been evicted, so it is not read as "no invalidate": the token is refused and the record
 * written as if the human had been invalidated now (ARGV[4], kept ARGV[5] ms), so only requests
 * begun after that are stored; a record found there is kept ARGV[5] ms from now again. Returns 1 when stored, 0 when refused. KEYS[1] entry; KEYS[2]
 * index; KEYS[3] the human's last invalidation; ARGV[1] sealed value; ARGV[2] ms to keep it;
 * ARGV[3] whole ms since the epoch; ARGV[4] now, whole ms since the epoch, or ''; ARGV[5] ms to
 * keep a record written here.
 */
export const STORE_TOKEN = luaScript(`
${NOW_MS}
local invalidated = tonumber(redis.call('GET', KEYS[3]) or '')
if invalidated == nil and ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
  return 0
end
if invalidated ~= nil and ARGV[4] ~= '' then ${extendRecord('KEYS[3]', 'ARGV[5]')} end
if invalidated ~= nil and tonumber(ARGV[3]) <= invalidated then return 0 end
local keep = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', keep)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('(%d', now))
redis.call('ZADD', KEYS[2], string.format('%d', now + keep), KEYS[1])
if redis.call('PTTL', KEYS[2]) < keep then redis.call('PEXPIRE', KEYS[2], keep) end
return 1
`);

/**
 * Reads a sealed token and its human's last invalidation in one step (they share a hash tag):
 * `[value, record]`, either nil; a record found is kept ARGV[1] ms from now again. KEYS[1] entry;
 * KEYS[2] the human's last invalidation; ARGV[1] ms to keep the record.
 */
export const READ_TOKEN = luaScript(`
local read = redis.call('MGET', KEYS[1], KEYS[2])
if read[2] then ${extendRecord('KEYS[2]', 'ARGV[1]')} end
return read
`);

/**
 * Deletes every live token in a human's index (members scored before now have expired), and the
 * index, and records when (the later of this and an earlier record wins), so that `STORE_TOKEN`
 * refuses the token of a request that began before it; returns how many tokens were there. The
 * entries share the index's hash tag, so on a Cluster they are on the script's node. KEYS[1]
 * index; KEYS[2] the human's last invalidation; ARGV[1] now, whole ms since the epoch (the
 * invalidating instance's clock, as tokens' issue times are their instance's); ARGV[2] ms to keep
 * the record.
 */
export const INVALIDATE_HUMAN = luaScript(`
${NOW_MS}
local removed = 0
for _, key in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%d', now), '+inf')) do
  removed = removed + redis.call('DEL', key)
end
redis.call('DEL', KEYS[1])
${keepLaterTime('KEYS[2]', 'ARGV[1]', 'ARGV[2]')}
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

/**
 * Files a long-lived replay claim in its partition's share, a sorted set of claim keys scored by
 * their `expiresAt` (the claiming instance's clock, ms), holding at most ARGV[4]: past that the
 * entries expiring first are taken out and returned for the caller to delete, and the latest
 * expiry of those is kept (KEYS[2]) until it has passed. A claim expiring no later than that, plus
 * the instances' clock skew ARGV[5], may replay one of them: it is not filed and `{0}` is
 * returned. Otherwise `{1, dropped key, …}`. Members expired by more than the skew are dropped
 * first, so the share holds no more than the partition's live claims. KEYS[1] the share; KEYS[2]
 * its forgotten-until; ARGV[1] the claim's key; ARGV[2] its expiresAt; ARGV[3] now (ms, the
 * claiming instance's clock); ARGV[4] most entries; ARGV[5] clock skew in ms.
 */
export const FILE_LONG_CLAIM = luaScript(`
local expiresAt = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local skew = tonumber(ARGV[5])
local forgotten = tonumber(redis.call('GET', KEYS[2]) or '')
if forgotten ~= nil and expiresAt <= forgotten + skew then return {0} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('(%d', now - skew))
redis.call('ZADD', KEYS[1], string.format('%d', expiresAt), ARGV[1])
local keep = expiresAt + skew - now
if redis.call('PTTL', KEYS[1]) < keep then redis.call('PEXPIRE', KEYS[1], keep) end
local reply = {1}
local over = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if over <= 0 then return reply end
local latest = forgotten or 0
local popped = redis.call('ZPOPMIN', KEYS[1], over)
for i = 1, #popped, 2 do
  reply[#reply + 1] = popped[i]
  local score = tonumber(popped[i + 1])
  if score > latest then latest = score end
end
redis.call('SET', KEYS[2], string.format('%d', latest), 'PX', math.max(1, latest + 2 * skew - now))
return reply
`);

/**
 * Whether a claim that is not (or no longer) long may replay one its partition's share forgot:
 * 1 when the share's forgotten-until, plus the clock skew, reaches its expiry. KEYS[1] the share's
 * forgotten-until; ARGV[1] the claim's expiresAt (ms); ARGV[2] clock skew in ms.
 */
export const MAY_REPLAY_FORGOTTEN = luaScript(`
local forgotten = tonumber(redis.call('GET', KEYS[1]) or '')
if forgotten ~= nil and tonumber(ARGV[1]) <= forgotten + tonumber(ARGV[2]) then return 1 end
return 0
`);

/** Deletes one claim a share forgot. KEYS[1] its key (a script, so a Cluster routes it). */
export const FORGET_CLAIM = luaScript(`return redis.call('DEL', KEYS[1])`);

/**
 * Releases a lock (or a claim) only when its holder still holds it. KEYS[1] lock; ARGV[1] holder's
 * value.
 */
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
${keepLaterTime('KEYS[1]', 'ARGV[1]', 'ARGV[2]')}
return 1
`);
