import { luaScript } from './redis-commands.js';
import { luaSealedKeyId } from './sealed-value.js';

// `now`: Redis's clock in ms, the clock its `PX` expiries run on, so an index score (an entry's
// expiry) never disagrees with the entry whatever the instances' clocks say.
const NOW_MS = `local now = redis.call('TIME')
now = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)`;

/**
 * `keep`: how long a claim's key lives, the later of two ends: `ttl` ms, counted on the claiming
 * instance's clock, and `until` (whole ms since the epoch) on Redis's, at most a year from now.
 * An instance whose clock runs fast (by more than the margin `until` holds) does not notice, as it
 * still accepts fresh credentials; counted on its clock alone, its claims would leave Redis while
 * the instances with a right clock still accept the credential, and they would take its `jti` as
 * a first use.
 */
const claimKeepMs = (ttl: string, until: string) => `${NOW_MS}
local keep = math.max(tonumber(${ttl}), math.min(tonumber(${until}) - now, 31536000000))`;

/** What a claim script answers when Redis may have dropped the claim (see `wentBackGone`). */
export const CLAIM_MAY_BE_GONE = -2;

/**
 * What a claim script answers, as `{CLAIM_CLOCK_SKEW, ms ahead, most ms}`, when the claiming
 * instance's clock differs from Redis's by more than allowed (see `refuseSkew`): ms its clock runs
 * ahead (negative: behind), and the allowance. `STORE_TOKEN` answers `{CLAIM_CLOCK_SKEW, ms ahead}`
 * when it stores nothing for the same reason.
 */
export const CLAIM_CLOCK_SKEW = -3;

/**
 * Refuses to decide, before anything is written, when the instance's clock (`instanceNow`, whole
 * ms since the epoch) and Redis's differ by more than `maxSkew` ms: a claim lives by the later of
 * both clocks, so an instance's clock far ahead would keep its claims that much longer (and a
 * share's long claims would not count them). Bounded so, a claim lives at most Redis's clock +
 * lifetime + margin + `maxSkew`. Read on the same `now` (Redis's `TIME`) as `claimKeepMs`.
 */
const refuseSkew = (instanceNow: string, maxSkew: string) => `
local ahead = tonumber(${instanceNow}) - now
if math.abs(ahead) > tonumber(${maxSkew}) then return {${CLAIM_CLOCK_SKEW}, ahead, tonumber(${maxSkew})} end`;

/**
 * What a claim script answers, as `{CLAIM_EXPIRED_ON_REDIS, ms ahead}`, when no claim is found and
 * Redis's clock has passed the time to keep it until (see `refuseExpired`): ms the instance's clock
 * runs ahead (negative: behind).
 */
export const CLAIM_EXPIRED_ON_REDIS = -4;

/**
 * Refuses to decide, before anything is written, when Redis's clock has passed `until` with no key
 * at `key`: every earlier claim of it lived until then on Redis's clock, so it may be gone. The
 * instance still judges the credential live on its own clock, behind Redis's (within `maxSkew`,
 * else `refuseSkew` answered): taken as a first use, it would be a replay admitted.
 */
const refuseExpired = (key: string, until: string) => `
if now >= tonumber(${until}) and redis.call('EXISTS', ${key}) == 0 then return {${CLAIM_EXPIRED_ON_REDIS}, ahead} end`;

/**
 * True when the claiming instance's clock went back (`wentBack` is '1') and Redis's clock has
 * passed `until` with no key at `key`: an earlier claim of it lived at least until then on Redis's
 * clock, so Redis may have dropped it. While Redis's clock has not reached `until` an earlier
 * claim is still there, whatever the instance's clock did (a jump ahead set right).
 */
const wentBackGone = (key: string, until: string, wentBack: string) =>
  `${wentBack} == '1' and now >= tonumber(${until}) and redis.call('EXISTS', ${key}) == 0`;

/**
 * A claim with a binding: first use sets the key; a later claim wins only with the very same
 * binding, and never extends the first claim's lifetime. Unbound claims need no script (`SET NX`).
 * KEYS[1] the jti's key; ARGV[1] `b:` + binding; ARGV[2] ms to remember it; ARGV[3] the time
 * (ms since the epoch, Redis's clock) to remember it until at least (see `claimKeepMs`); ARGV[4]
 * '1' when the instance's clock went back (then {@link CLAIM_MAY_BE_GONE} when `wentBackGone`);
 * ARGV[5] the instance's clock (whole ms since the epoch) and ARGV[6] the most it may differ from
 * Redis's, in ms (else `{CLAIM_CLOCK_SKEW, ms ahead}`, see `refuseSkew`); no claim found once
 * Redis's clock passed ARGV[3]: `{CLAIM_EXPIRED_ON_REDIS, ms ahead}` (see `refuseExpired`).
 */
export const CLAIM_BOUND = luaScript(`
${claimKeepMs('ARGV[2]', 'ARGV[3]')}
${refuseSkew('ARGV[5]', 'ARGV[6]')}
if ${wentBackGone('KEYS[1]', 'ARGV[3]', 'ARGV[4]')} then return ${CLAIM_MAY_BE_GONE} end
${refuseExpired('KEYS[1]', 'ARGV[3]')}
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', string.format('%d', keep)) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 1 end
return 0
`);

/**
 * Keeps the later of the time held at `key` and `time` (both whole ms since the epoch), for at
 * least `keep` ms (never shortening what is left of it): a delegation cut-off, a human's last
 * `invalidate`. What the key holds counts only as whole ms up to 2^53 - 1, as the stores read it:
 * anything else another program wrote there ('inf', '1e999', 20 digits) is written over, since
 * `%d` of it would overflow to a negative count that no reader takes for a time.
 */
const keepLaterTime = (key: string, time: string, keep: string) => `
local raw = redis.call('GET', ${key})
local held = nil
if raw and string.match(raw, '^%d+$') then held = tonumber(raw) end
if held ~= nil and held > 9007199254740991 then held = nil end
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
 * store first drops the index's expired members, so the index holds no more than the human's live
 * entries; it lives as long as its longest entry. A token whose request began at or before the
 * human's last `invalidate` (ARGV[3], its issue time less the instances' clock tolerance, at or
 * before the time `INVALIDATE_HUMAN` recorded) is not stored: a request under way at a logout must
 * not put its token back. On a Redis that may evict (ARGV[4] not empty) a missing record may have
 * been evicted, so it is not read as "no invalidate": the token is refused and the record written
 * as if the human had been invalidated now (ARGV[4], no earlier than Redis's `TIME`: an instance
 * whose clock runs slow would write it in the past, and a request under way at the evicted logout
 * would be stored; kept ARGV[5] ms), so only requests begun after that are stored; a record found
 * there is kept ARGV[5] ms from now again. The issue time is read on Redis's clock when the storing
 * instance's clock (ARGV[6], whole ms) runs ahead of Redis's `TIME` (ARGV[3] + `TIME` - ARGV[6]):
 * its issue times run that far ahead too, and a request under way at a logout would read as begun
 * after it, however small the lead past the tolerance. Nothing is stored from an instance more than
 * ARGV[7] ms ahead (`get` on a Redis that may evict still compares the entry's own issue time with
 * the record). Returns 1 when stored, 0 when refused, `{CLAIM_CLOCK_SKEW, ms ahead}` when refused
 * for that lead. KEYS[1] entry; KEYS[2] index; KEYS[3] the
 * human's last invalidation; ARGV[1] sealed value; ARGV[2] ms to keep it; ARGV[3] the issue time
 * less the tolerance, whole ms since the epoch on the storing instance's clock; ARGV[4] now, whole
 * ms since the epoch, or ''; ARGV[5] ms to keep a record written here; ARGV[6] now on the storing
 * instance's clock; ARGV[7] the most ms that clock may run ahead of Redis's.
 */
export const STORE_TOKEN = luaScript(`
${NOW_MS}
local ahead = tonumber(ARGV[6]) - now
if ahead > tonumber(ARGV[7]) then return {${CLAIM_CLOCK_SKEW}, ahead} end
local invalidated = tonumber(redis.call('GET', KEYS[3]) or '')
if invalidated == nil and ARGV[4] ~= '' then
  redis.call('SET', KEYS[3], string.format('%d', math.max(tonumber(ARGV[4]), now)), 'PX', ARGV[5])
  return 0
end
if invalidated ~= nil and ARGV[4] ~= '' then ${extendRecord('KEYS[3]', 'ARGV[5]')} end
local requested = tonumber(ARGV[3])
requested = math.min(requested, requested + now - tonumber(ARGV[6]))
if invalidated ~= nil and requested <= invalidated then return 0 end
local keep = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', keep)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('(%d', now))
redis.call('ZADD', KEYS[2], string.format('%d', now + keep), KEYS[1])
if redis.call('PTTL', KEYS[2]) < keep then redis.call('PEXPIRE', KEYS[2], keep) end
return 1
`);

/**
 * Reads a sealed token (at most ARGV[2] + 1 bytes of it: a value another program wrote there, of
 * any size, never crosses the network whole) and its human's last
 * invalidation in one step (they share a hash tag): `[value, record]`, either nil (a key of
 * another type too, as `MGET` reads it); a record found is kept ARGV[1] ms from now again.
 * KEYS[1] entry; KEYS[2] the human's last invalidation; ARGV[1] ms to keep the record; ARGV[2]
 * the most bytes of a sealed token.
 */
export const READ_TOKEN = luaScript(`
local read = redis.call('MGET', KEYS[1], KEYS[2])
if read[1] then read[1] = redis.call('GETRANGE', KEYS[1], 0, ARGV[2]) end
if read[2] then ${extendRecord('KEYS[2]', 'ARGV[1]')} end
return read
`);

/** What an entry set aside by `INVALIDATE_HUMAN` is named after its entry's key: `<entry>:aside:<iv>`. */
export const SET_ASIDE = ':aside:';

/**
 * Takes every live token in a human's index out of service and drops the index, and records when
 * (the later of this and an earlier record wins), so that `STORE_TOKEN` refuses the token of a
 * request that began before it; returns how many tokens were taken out, plus the set-aside ones
 * it dropped. An entry sealed under a key id the invalidating cache does not hold (a web app's
 * cache under another key than the agents': its head names that key, as the sealer reads it, see
 * `luaSealedKeyId`) is not deleted but renamed `<entry>:aside:<iv>` (never read by `get`, its
 * expiry kept) and filed in the human's set-aside
 * index, so a cache holding that key still lists it (`tokensOf`) to revoke it at the IdP; a later
 * invalidate by a cache that holds the key drops it. Anything else (a value that is not ours, or
 * altered: nobody can open it) is deleted. A member naming any key but one of the human's entries
 * (another program wrote it there) is dropped from its index and its key left alone: with the
 * store's rights, the script would otherwise delete another human's cut-off or a claimed `jti` for
 * whoever wrote the member. The entries share the index's hash tag, so on a Cluster they are on the
 * script's node. KEYS[1] index; KEYS[2] the human's last invalidation; KEYS[3] the
 * set-aside index; ARGV[1] now, whole ms since the epoch (the invalidating instance's clock, as
 * tokens' issue times are their instance's); ARGV[2] ms to keep the record; ARGV[3] the instances'
 * clock tolerance, ms; ARGV[4] what the human's entry keys start with; ARGV[5…] the ids of the
 * keys the cache holds. Redis's `TIME` less that tolerance is the floor (as `END_DELEGATION`'s is
 * Redis's clock): an instance whose clock runs further behind would record its logout in the past,
 * and a request under way then, on an instance with a right clock, would put its token back.
 */
export const INVALIDATE_HUMAN = luaScript(`
${NOW_MS}
local held = {}
for i = 5, #ARGV do held[ARGV[i]] = true end
${luaSealedKeyId()}
local function own(key) return string.sub(key, 1, #ARGV[4]) == ARGV[4] end
local function sealedElsewhere(key)
  local id, iv = sealedKeyId(key)
  if id == nil or held[id] then return nil end
  return iv
end
local removed = 0
local live = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%d', now), '+inf', 'WITHSCORES')
for i = 1, #live, 2 do
  if own(live[i]) then
    local iv = sealedElsewhere(live[i])
    if iv == nil then
      removed = removed + redis.call('DEL', live[i])
    else
      local aside = live[i] .. '${SET_ASIDE}' .. iv
      redis.call('RENAME', live[i], aside)
      redis.call('ZADD', KEYS[3], live[i + 1], aside)
      removed = removed + 1
    end
  end
end
redis.call('DEL', KEYS[1])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('(%d', now))
for _, key in ipairs(redis.call('ZRANGE', KEYS[3], 0, -1)) do
  if not own(key) then
    redis.call('ZREM', KEYS[3], key)
  elseif sealedElsewhere(key) == nil then
    removed = removed + redis.call('DEL', key)
    redis.call('ZREM', KEYS[3], key)
  end
end
local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
if last[2] and redis.call('PTTL', KEYS[3]) < tonumber(last[2]) - now then
  redis.call('PEXPIRE', KEYS[3], string.format('%d', tonumber(last[2]) - now))
end
local at = math.max(tonumber(ARGV[1]), now - tonumber(ARGV[3]))
${keepLaterTime('KEYS[2]', 'at', 'ARGV[2]')}
return removed
`);

/**
 * Lists one page of a human's stored tokens from an index (the human's, or its set-aside one), in
 * order of expiry (Redis's clock): `{members read, last score, members read at that score, entry
 * key, sealed value, …}`, at most ARGV[1] members from the score ARGV[3] ('' for now: live ones)
 * on, past the ARGV[4] members at that score a page before read; each value at most ARGV[2] + 1
 * bytes (as READ_TOKEN reads it). The next page starts at the last score, past the members read
 * at it: an entry stored or expired meanwhile shifts no other out of the listing. A member that is
 * not a string key is skipped, not an error, and one whose name does not start with ARGV[5] (the
 * human's entries' prefix) is not read: another program's member may name any key, of any size.
 * KEYS[1] index.
 */
export const LIST_HUMAN_TOKENS = luaScript(`
${NOW_MS}
local last = ARGV[3]
if last == '' then last = string.format('%d', now) end
local ties = tonumber(ARGV[4])
local page = redis.call('ZRANGEBYSCORE', KEYS[1], last, '+inf', 'WITHSCORES', 'LIMIT', ARGV[4], ARGV[1])
local listed = {#page / 2, '', 0}
for i = 1, #page, 2 do
  if page[i + 1] == last then ties = ties + 1 else last, ties = page[i + 1], 1 end
  if string.sub(page[i], 1, #ARGV[5]) == ARGV[5] then
    local value = redis.pcall('GETRANGE', page[i], 0, ARGV[2])
    if type(value) == 'string' and value ~= '' then
      listed[#listed + 1] = page[i]
      listed[#listed + 1] = value
    end
  end
end
listed[2] = last
listed[3] = ties
return listed
`);

/** How many filters of forgotten claims a share keeps: 7 × 4 h, past a day and the skew. */
export const FORGOTTEN_FILTERS = 7;
/** How long, in ms, one filter takes in the claims its share forgets. */
export const FORGOTTEN_FILTER_MS = 4 * 3_600_000;
// Bits of one filter (1 MiB of Redis) and bits set per claim. At 144 000 claims forgotten in 4 h
// (10 day-long claims/s) a fresh claim matches one filter with a chance of (1 - e^-0.17)^10,
// ~1e-8 (Bloom, https://doi.org/10.1145/362686.362692), ~7e-8 over the 7.
const FILTER_BITS = 2 ** 23;
const FILTER_HASHES = 10;

// A share's steps after Redis took a claim as a first use, for the scripts below. Locals they
// expect: `claimKey`, `index` (the share), `forgottenUntil` (the latest expiry forgotten, which
// versions before the filters read and wrote: written here for them, with a trailing space that
// their `tonumber` skips and that tells this version to ignore it; without one, an earlier
// instance forgot claims the filters do not hold, so a claim expiring no later is refused, and
// the value is kept without),
// `filters` (the share's filters of forgotten claims, FORGOTTEN_FILTERS keys); ARGV[1] the
// claim's expiresAt, ARGV[2] now (ms, the claiming instance's clock), ARGV[3] most long claims,
// ARGV[4] the clock skew in ms, ARGV[5] '1' when the claim is long. Each forgotten claim sets the
// bits of its key's SHA-1 (Kirsch-Mitzenmacher double hashing) in the filter of the hour it was
// forgotten in, which lives as long as the latest claim it holds plus twice the skew; a claim
// whose bits are all set in a live filter may be a forgotten one's replay, whatever its expiry.
const SHARE_STEPS = `
local expiresAt = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local skew = tonumber(ARGV[4])
local function bits(key)
  local digest = redis.sha1hex(key)
  local first = tonumber(string.sub(digest, 1, 8), 16)
  local step = tonumber(string.sub(digest, 9, 16), 16)
  step = step - step % 2 + 1
  local positions = {}
  for i = 0, ${FILTER_HASHES - 1} do positions[#positions + 1] = (first + i * step) % ${FILTER_BITS} end
  return positions
end
local function forgotten()
  local held = redis.call('GET', forgottenUntil)
  -- It outlives every filter (the latest of all they hold, plus twice the skew): none without it.
  if not held then return false end
  if string.sub(held, -1) ~= ' ' and expiresAt <= tonumber(held) + skew then return true end
  local positions = bits(claimKey)
  for _, filter in ipairs(filters) do
    local all = true
    for _, position in ipairs(positions) do
      if redis.call('GETBIT', filter, position) == 0 then all = false break end
    end
    if all then return true end
  end
  return false
end
local function file()
  redis.call('ZREMRANGEBYSCORE', index, '-inf', string.format('(%d', now - skew))
  redis.call('ZADD', index, string.format('%d', expiresAt), claimKey)
  local keep = expiresAt + skew - now
  if redis.call('PTTL', index) < keep then redis.call('PEXPIRE', index, keep) end
  local reply = {1}
  local over = redis.call('ZCARD', index) - tonumber(ARGV[3])
  if over <= 0 then return reply end
  local filter = filters[math.floor(now / ${FORGOTTEN_FILTER_MS}) % ${FORGOTTEN_FILTERS} + 1]
  -- Made at its full size: SETBIT grows a string by doubling, to 2 MiB of Redis for 1 MiB.
  if redis.call('EXISTS', filter) == 0 then
    redis.call('SETRANGE', filter, ${FILTER_BITS / 8 - 1}, string.char(0))
  end
  local latest = 0
  local popped = redis.call('ZPOPMIN', index, over)
  for i = 1, #popped, 2 do
    reply[#reply + 1] = popped[i]
    for _, position in ipairs(bits(popped[i])) do redis.call('SETBIT', filter, position, 1) end
    local score = tonumber(popped[i + 1])
    if score > latest then latest = score end
  end
  local live = math.max(1, latest + 2 * skew - now)
  if redis.call('PTTL', filter) < live then redis.call('PEXPIRE', filter, live) end
  local held = redis.call('GET', forgottenUntil)
  local mark = ' '
  if held then
    if string.sub(held, -1) ~= ' ' then mark = '' end
    latest = math.max(latest, tonumber(held))
  end
  live = math.max(1, latest + 2 * skew - now)
  redis.call('SET', forgottenUntil, string.format('%d', latest) .. mark, 'PX', live)
  return reply
end
if forgotten() then return {-1} end
if ARGV[5] ~= '1' then return {1} end
return file()
`;

/**
 * A claim naming a partition, in one step: `SET NX` (or the same value again: the same binding,
 * or an unbound claim's own retry), then, for a first use, the share's check for forgotten claims
 * (`{-1}`: refused, the key deleted again, as when a step fails: a Redis error then) and, for a long claim, its filing in the share (see
 * SHARE_STEPS): `{1, forgotten key, …}` for the caller to delete; `{0}` for a replay. Its keys are
 * in two slots (the claim's, the share's), so a Redis Cluster refuses it (`CROSSSLOT`) and
 * {@link SHARE_CLAIM} follows a `CLAIM_BOUND` there. KEYS[1] the claim; KEYS[2] the share;
 * KEYS[3] its forgotten-until; KEYS[4…] its filters; ARGV[1…5] as SHARE_STEPS; ARGV[6] the
 * claim's value; ARGV[7] ms to keep it; ARGV[8] the time to keep it until at least (as
 * `CLAIM_BOUND`'s ARGV[3]); ARGV[9] as `CLAIM_BOUND`'s ARGV[4] (`{CLAIM_MAY_BE_GONE}`); ARGV[10]
 * and ARGV[11] as its ARGV[5] and ARGV[6] (`{CLAIM_CLOCK_SKEW, ms ahead}`); as it,
 * `{CLAIM_EXPIRED_ON_REDIS, ms ahead}`.
 */
export const CLAIM_IN_SHARE = luaScript(`
local claimKey, index, forgottenUntil = KEYS[1], KEYS[2], KEYS[3]
local filters = {unpack(KEYS, 4)}
${claimKeepMs('ARGV[7]', 'ARGV[8]')}
${refuseSkew('ARGV[10]', 'ARGV[11]')}
if ${wentBackGone('claimKey', 'ARGV[8]', 'ARGV[9]')} then return {${CLAIM_MAY_BE_GONE}} end
${refuseExpired('claimKey', 'ARGV[8]')}
if not redis.call('SET', claimKey, ARGV[6], 'NX', 'PX', string.format('%d', keep)) then
  if redis.call('GET', claimKey) == ARGV[6] then return {1} end
  return {0}
end
local ok, reply = pcall(function()
${SHARE_STEPS}
end)
-- Redis keeps what a failed script wrote: a key left taken would let the claim's retry (its own
-- value again) be accepted without the check that failed.
if not ok or reply[1] == -1 then redis.call('DEL', claimKey) end
if not ok then error(reply, 0) end
return reply
`);

/**
 * The share's steps of {@link CLAIM_IN_SHARE} for a claim Redis already took (`CLAIM_BOUND`), on
 * a Redis Cluster: `{-1}` refused (the caller deletes its claim), `{1, forgotten key, …}`.
 * KEYS[1] the share; KEYS[2] its forgotten-until; KEYS[3…] its filters; ARGV[1…5] as
 * SHARE_STEPS; ARGV[6] the claim's key.
 */
export const SHARE_CLAIM = luaScript(`
local claimKey, index, forgottenUntil = ARGV[6], KEYS[1], KEYS[2]
local filters = {unpack(KEYS, 3)}
${SHARE_STEPS}
`);

/**
 * Deletes one claim a share forgot, when it has more than ARGV[1] ms (a long claim's least
 * lifetime) left to live: one with less expires within that time by itself, as short claims do,
 * and a short claim is none a share filed (another program named it in the share: deleted, its
 * replay would be a first use). Returns 1 when deleted. KEYS[1] its key (a script, so a Cluster
 * routes it).
 */
export const FORGET_CLAIM = luaScript(`
if redis.call('PTTL', KEYS[1]) > tonumber(ARGV[1]) then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Releases a lock (or a claim) only when its holder still holds it. KEYS[1] lock; ARGV[1] holder's
 * value.
 */
export const RELEASE_LOCK = luaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * Records a human's delegation cut-off: the latest of the stored one, the new one and Redis's
 * `TIME` wins, kept at least `ARGV[2]` ms. Redis's clock is the floor: a
 * process whose clock runs slow would otherwise record its logout in the past, and the tokens
 * issued between that time and the real logout would stay accepted by every process. KEYS[1] the
 * human's cut-off key; ARGV[1] cut-off (ms since epoch); ARGV[2] ms to keep it. Returns Redis's
 * `TIME` it read (ms since the epoch), for the caller to compare with its own clock.
 */
export const END_DELEGATION = luaScript(`
${NOW_MS}
local given = math.max(tonumber(ARGV[1]), now)
${keepLaterTime('KEYS[1]', 'given', 'ARGV[2]')}
return now
`);

/**
 * Records the key layout of a prefix unless one is recorded, and returns the one recorded (this
 * one, when it set it): `GET` and `SET NX` as one atomic step, so of processes starting at once
 * exactly one sets it and every one reads the same. Writes only when no record is there: a Redis
 * at its `maxmemory` refuses every write, and a check that wrote the record again each time would
 * fail there, taking the cut-off reads down with it. No expiry: it must outlive every key made
 * under it, and the `volatile-*` policies never evict a key without one. A key of another type
 * reads as ''. KEYS[1] the layout key; ARGV[1] this store's layout.
 */
export const CLAIM_KEY_LAYOUT = luaScript(`
local held = redis.pcall('GET', KEYS[1])
if held == false then
  if redis.call('SET', KEYS[1], ARGV[1], 'NX') then return ARGV[1] end
  held = redis.pcall('GET', KEYS[1])
end
if type(held) ~= 'string' then return '' end
return held
`);

/**
 * The key layout recorded under a prefix, read without recording one: for a store refused for
 * another layout, which must not record its own when the record is gone (a flushed Redis) and so
 * lock out the processes that set it. Nil when none is recorded; '' for a key of another type.
 * KEYS[1] the layout key.
 */
export const READ_KEY_LAYOUT = luaScript(`
local held = redis.pcall('GET', KEYS[1])
if held == false then return false end
if type(held) ~= 'string' then return '' end
return held
`);
