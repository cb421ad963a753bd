import {
  checkOption,
  type KnownOptions,
  loggerOrDefault,
  type RandomBytes,
  type ReplayClaimOptions,
  type ReplayStore,
  refuseExpiresAtInSeconds,
  refuseUnknownOptions,
  StoreUnavailableError,
  webCryptoRandomBytes,
} from '@dual-auth/core';
import { randomJti } from '@dual-auth/core/adapter-kit';
import { MAX_JTI_LENGTH } from '@dual-auth/core/jwt';
import { maxClockSkewOption } from './clock-skew.js';
import { DEFAULT_POLICY_CHECK_INTERVAL_MS, EvictionPolicyCheck } from './eviction-policy-check.js';
import { KeyLayoutCheck } from './key-layout-check.js';
import { DEFAULT_MAX_LONG_CLAIMS, LongClaimShares } from './long-claim-shares.js';
import { CLAIM_BOUND } from './lua-scripts.js';
import { claimWon, SteadyClaimClock } from './steady-claim-clock.js';
import {
  type RedisSecurityStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
  SECURITY_STORE_OPTIONS,
} from './store-options.js';

/** What {@link RedisReplayStore} takes. */
export interface RedisReplayStoreOptions extends RedisSecurityStoreOptions {
  /** The random source of claim tokens. Default Web Crypto. */
  random?: RandomBytes | undefined;
  /**
   * Most claims of one partition (core's `ReplayClaimOptions.partition`: the agent application,
   * the issuer) living longer than an hour held at once; a whole number. Default 10 000 (about
   * 4.8 MB of Redis per partition: ~480 bytes per claim, its key ~270 and its index entry ~200,
   * measured on Redis 7 with the guard's 43-character proof digests). Only such claims count: the resource
   * guard's DPoP proofs carrying a nonce at an instance without `dpop.nonce`, kept a day (see
   * `docs/dpop.md`), not the short-lived ones. When a share is full its claims expiring first
   * are forgotten (deleted), each first recorded in a Bloom filter of the share (one per 4 hours
   * of forgetting, 1 MiB each, at most 7 live); a claim of the partition, long or short, whose key
   * a live filter holds may replay one of them and throws core's `ReplayStoreFullError` (the
   * guard answers 503 `replay_store_unavailable`), whatever expiry it asks for. Fresh claims are
   * refused only when they match by chance: ~7e-8 of them while the partition forgets 10 long
   * claims a second, ~8e-4 at 30, 3 % at 50, most of them past 100 (a flood, refused as it
   * should be). Other partitions are never touched. The claim, the share's check and the filing are one
   * Lua script: one round trip (two on a Redis Cluster, where the claim's key and the share are
   * in different slots).
   *
   * @throws TypeError at construction when it is not a positive integer.
   */
  maxLongClaimsPerPartition?: number | undefined;
}

/** Furthest `expiresAt` accepted, from now: a year, far past any token's lifetime. */
export const MAX_CLAIM_MS = 365 * 86_400_000;

// A claim outlives its `expiresAt` by this much: the API guard's default clock tolerance (15 s),
// the skew between instances every verifier already allows for (see the class's TSDoc).
const CLOCK_SKEW_MARGIN_MS = 15_000;

// Claims that timed out, remembered so that their retry can recognise its own token; bounded, the
// oldest forgotten first (its retry is then refused, as before: fail closed).
const MAX_UNSETTLED = 10_000;

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const OWNER = 'RedisReplayStore';
const KNOWN = {
  ...SECURITY_STORE_OPTIONS,
  random: true,
  maxLongClaimsPerPartition: true,
} as const satisfies KnownOptions<RedisReplayStoreOptions>;

/**
 * A {@link ReplayStore} shared by every instance that uses the same Redis: an act JWT (session)
 * or act assertion (resource) accepted by one instance is a replay for all of them. A claim is one
 * atomic command, a small Lua script: `SET key NX PX` (or the very same binding again, a
 * compare-and-set), and, when it names a partition, its share's check and filing (see
 * `maxLongClaimsPerPartition`; two commands on a Redis Cluster). The key lives until `expiresAt` + 15 s,
 * counted on this instance's clock (the one that judged the token's `exp`) and on Redis's,
 * whichever ends later: an instance whose clock runs up to 15 s (the API guard's default clock
 * tolerance) behind Redis's still finds the claim while it accepts the credential, and one whose
 * clock runs ahead, by any amount (it does not notice: it still accepts fresh credentials), no
 * longer lets its claims expire early while the others still accept the credential and would take
 * the same `jti` as a first use; but not by more than `maxClockSkewMs` (default 5 minutes), past
 * which the claim is refused (`StoreUnavailableError`, `reason` `clock_skew`): a claim so lives at
 * most Redis's clock + its lifetime + 15 s + `maxClockSkewMs`. Memory: each key lives 15 s longer, so Redis holds
 * claims/s × (credential lifetime + clock tolerance + 15 s) keys: +5 % for act JWTs and act
 * assertions of the default 300 s, +23 % for credentials living 60 s + 5 s.
 *
 * Refuses every claim with core's `ConfigurationError` (`variable` `hashIds`) while the keys under
 * its prefix are laid out with another `hashIds` (recorded by the first store to use them; see
 * `hashIds`): the session refuses the act JWT (`replay_check_failed`), the resource guard throws.
 *
 * Fails closed: when Redis is unreachable, refuses, or does not answer within `timeoutMs`, or
 * when its `maxmemory-policy` may evict claims (anything but `noeviction`; asked at the first
 * claim and again every `policyCheckIntervalMs`, see `acceptEvictionRisk`), the claim rejects
 * with core's `StoreUnavailableError` and the verifiers refuse the credential with reason
 * `replay_store_unavailable` (the resource guard answers 503). The client reconnects by
 * itself; claims succeed again as soon as it has. A claim's `partition` bounds only its claims
 * living longer than an hour (`maxLongClaimsPerPartition`: day-long DPoP entries, which a client
 * can make at will during a nonce rollout); the short-lived ones share Redis's memory, and a
 * `noeviction` Redis at its `maxmemory` refuses every claim, of every agent application alike, so
 * size `maxmemory` for all of them with headroom for one's flood, plus
 * `maxLongClaimsPerPartition` × ~480 bytes for each agent application.
 *
 * @example
 * ```ts
 * import { createRedisClient, RedisReplayStore } from '@dual-auth/store-redis';
 *
 * const client = createRedisClient({ url: 'redis://redis.internal:6379' });
 * const replayStore = new RedisReplayStore({ client, timeoutMs: 500 });
 * await replayStore.claim(jti, exp * 1000); // true on first use, on any instance; false after
 * ```
 */
export class RedisReplayStore implements ReplayStore {
  readonly #store: ResolvedStoreOptions;
  readonly #random: RandomBytes;
  readonly #evictionPolicy: EvictionPolicyCheck;
  readonly #layout: KeyLayoutCheck;
  readonly #shares: LongClaimShares;
  // jti → the claim token of a claim that timed out here, and when that claim expires.
  readonly #unsettled = new Map<string, { token: string; expiresAt: number }>();
  readonly #steady = new SteadyClaimClock();
  readonly #maxSkewMs: number;

  /** @throws TypeError on a wrong or unknown option (a misspelled `prefix` would share a namespace). */
  constructor(options: RedisReplayStoreOptions) {
    refuseUnknownOptions(options, KNOWN, `new ${OWNER}`);
    this.#store = resolveStoreOptions(options, OWNER);
    this.#random = checkOption<RandomBytes>(options, 'random', 'function') ?? webCryptoRandomBytes;
    this.#maxSkewMs = maxClockSkewOption(options, OWNER);
    const maxLongClaims =
      checkOption(options, 'maxLongClaimsPerPartition', 'positiveInteger') ??
      DEFAULT_MAX_LONG_CLAIMS;
    this.#shares = new LongClaimShares(this.#store, maxLongClaims, CLOCK_SKEW_MARGIN_MS);
    this.#evictionPolicy = new EvictionPolicyCheck(
      this.#store.commands,
      this.#store.clock,
      OWNER,
      options,
    );
    this.#layout = new KeyLayoutCheck(
      this.#store,
      OWNER,
      options.client,
      options.policyCheckIntervalMs ?? DEFAULT_POLICY_CHECK_INTERVAL_MS,
      loggerOrDefault(options.logger),
    );
    // Not an `[INSPECT]()` member: esbuild keeps a class with a computed member in every bundle
    // of the published dist, used or not (evanw/esbuild#3189).
    Object.defineProperty(this, INSPECT, {
      value: () =>
        `RedisReplayStore { prefix: '${this.#store.prefix}', timeoutMs: ${this.#store.timeoutMs} }`,
    });
  }

  /**
   * Claims `jti` until `expiresAt` (ms since epoch); see core's `ReplayStore.claim`.
   *
   * @throws TypeError on a bad argument, an `expiresAt` below 1e11 among them (in seconds, a
   *   JWT's `exp` passed as is: pass `exp * 1000`); RangeError on one more than a year ahead;
   *   `StoreUnavailableError` when Redis does not answer or its eviction policy is refused, and
   *   of reason `clock_skew` when this instance's clock is further than `maxClockSkewMs` off
   *   Redis's `TIME` (compared in the claim's script; nothing written);
   *   `ConfigurationError` when the keys under the prefix were laid out with another `hashIds`
   *   (see `hashIds`).
   */
  async claim(jti: string, expiresAt: number, options: ReplayClaimOptions = {}): Promise<boolean> {
    if (typeof jti !== 'string' || jti === '') {
      throw new TypeError('claim: jti must be a non-empty string');
    }
    if (jti.length > MAX_JTI_LENGTH) {
      throw new TypeError(`claim: jti must be at most ${MAX_JTI_LENGTH} characters`);
    }
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
      throw new TypeError('claim: expiresAt must be a finite number (ms since epoch)');
    }
    // A JWT's `exp` passed as is (seconds) is a time in 1970: its key would live only the 15 s
    // margin and a replay be accepted after.
    refuseExpiresAtInSeconds(expiresAt);
    if (typeof options !== 'object' || options === null) {
      throw new TypeError('claim: options must be an object');
    }
    const { binding, partition } = options;
    for (const [name, value] of [
      ['binding', binding],
      ['partition', partition],
    ]) {
      if (value !== undefined && (typeof value !== 'string' || value === '')) {
        throw new TypeError(`claim: options.${name} must be a non-empty string`);
      }
    }
    // One timeoutMs for the checks (when due) and the claim together.
    return this.#store.commands.within(() => this.#claim(jti, expiresAt, binding, partition));
  }

  async #claim(
    jti: string,
    expiresAt: number,
    binding: string | undefined,
    partition: string | undefined,
  ): Promise<boolean> {
    // Side by side: the first claim (and the first after policyCheckIntervalMs) waits one round
    // trip for both; the others none.
    await Promise.all([this.#layout.ensure('claim'), this.#evictionPolicy.ensure('claim')]);
    const { commands, keys, clock } = this.#store;
    const now = clock.now();
    if (expiresAt - now > MAX_CLAIM_MS) {
      throw new RangeError('claim: expiresAt must be at most a year ahead (ms since epoch)');
    }
    // A clock stepped back past a claim's margin: Redis may have dropped it, when its own clock
    // says so too (see SteadyClaimClock).
    const wentBack = this.#steady.mayBeGone(now, expiresAt, CLOCK_SKEW_MARGIN_MS);
    const key = keys.replay(jti);
    // At least 1 ms: Redis refuses PX 0, and a claim at its very expiry is still a first use.
    const ttlMs = Math.max(1, Math.ceil(expiresAt + CLOCK_SKEW_MARGIN_MS - now));
    // And until then on Redis's clock too: this instance's clock may be the fast one.
    const keepUntil = Math.ceil(expiresAt + CLOCK_SKEW_MARGIN_MS);
    // Unless this instance's clock is further than maxClockSkewMs off Redis's (the script refuses).
    const nowMs = String(Math.floor(now));
    const maxSkewMs = String(this.#maxSkewMs);
    // A claim naming a partition is checked against its share, and a long one filed there (see
    // maxLongClaimsPerPartition), in the same round trip.
    const take = (value: string) =>
      partition === undefined
        ? commands
            .run(
              'claim',
              CLAIM_BOUND,
              [key],
              [value, String(ttlMs), String(keepUntil), wentBack ? '1' : '0', nowMs, maxSkewMs],
            )
            .then(claimWon)
        : this.#shares.claim({
            key,
            value,
            ttlMs,
            keepUntil,
            expiresAt,
            now,
            partition,
            wentBack,
            maxSkewMs: this.#maxSkewMs,
          });
    if (binding !== undefined) return take(`b:${binding}`);
    // An unbound claim writes its own token: when its command timed out it may still have landed,
    // and the retry, finding that very token, knows the claim was its own (see the README).
    // Taken out before sending: of two concurrent retries, only one may present the token.
    const unsettled = this.#unsettled.get(key);
    this.#unsettled.delete(key);
    const token = unsettled?.token ?? `u:${randomJti(this.#random)}`;
    try {
      return await take(token);
    } catch (error) {
      // A refusal for the clock's skew wrote nothing: its token needs no remembering.
      if (StoreUnavailableError.isInstance(error) && error.reason === 'unavailable') {
        this.#remember(key, token, expiresAt, now);
      }
      throw error;
    }
  }

  #remember(key: string, token: string, expiresAt: number, now: number): void {
    // Oldest first: stop at the first one still live, so an outage costs no full scan per claim.
    for (const [known, entry] of this.#unsettled) {
      if (entry.expiresAt > now) break;
      this.#unsettled.delete(known);
    }
    this.#unsettled.set(key, { token, expiresAt });
    if (this.#unsettled.size > MAX_UNSETTLED) {
      const oldest = this.#unsettled.keys().next().value;
      if (oldest !== undefined) this.#unsettled.delete(oldest);
    }
  }

  /** Shows the prefix and timeout, never a key. */
}
