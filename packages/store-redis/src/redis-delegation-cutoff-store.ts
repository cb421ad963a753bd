import {
  ConfigurationError,
  checkDelegationCutoffArguments,
  type DelegationCutoffStore,
  type Logger,
  loggerOrDefault,
  refuseUnknownOptions,
  StoreUnavailableError,
} from '@dual-auth/core';
import { clockSkewError, maxClockSkewOption, warnClockSkew } from './clock-skew.js';
import { DEFAULT_POLICY_CHECK_INTERVAL_MS, EvictionPolicyCheck } from './eviction-policy-check.js';
import { KeyLayoutCheck } from './key-layout-check.js';
import { END_DELEGATION } from './lua-scripts.js';
import {
  type RedisSecurityStoreOptions,
  type ResolvedStoreOptions,
  resolveStoreOptions,
  SECURITY_STORE_OPTIONS,
} from './store-options.js';

/** What {@link RedisDelegationCutoffStore} takes. */
export type RedisDelegationCutoffStoreOptions = RedisSecurityStoreOptions;

const INSPECT = Symbol.for('nodejs.util.inspect.custom');
const OWNER = 'RedisDelegationCutoffStore';
// What `END_DELEGATION` writes: whole ms since the epoch (`%d`), never before it, and at most
// 2^53 - 1, the last whole ms a number holds (checked once read: 16 digits past it, 2^53 or
// sixteen nines, would read as another, far-future time).
const WHOLE_MS = /^\d{1,16}$/;
// What a failed `endDelegation` means for the caller, and what to do (session's `endDelegation`
// drops and revokes nothing before the cut-off is recorded, so calling it again is safe).
// A layout refusal comes before any write, so there the cut-off is surely not recorded.
const NOT_RECORDED_HEAD =
  "The delegation cut-off was NOT recorded: the human's act JWTs and access tokens issued before it are still accepted";
const NOT_RECORDED =
  "The delegation cut-off may not be recorded (a write that timed out may still run in Redis later, or never): treat the human's act JWTs and access tokens issued before it as still accepted. Call endDelegation again (until it resolves) once Redis answers, and do not report the sign-out as done";

/**
 * Core's `DelegationCutoffStore` on Redis: one key per human (`<prefix>{<human>}:cutoff`, beside
 * the human's cached tokens), read by every agent and API instance on each check, so a cut-off
 * recorded by one instance holds on all of them from the next request on. A later cut-off wins;
 * the key lives for the longest `keepMs` given. A Redis that does not answer within `timeoutMs`
 * rejects with core's `StoreUnavailableError` (the act JWT and the API request are refused), as
 * does every read while Redis's `maxmemory-policy` may evict the cut-offs (anything but
 * `noeviction`; see `acceptEvictionRisk`); `endDelegation` then still writes its cut-off. While
 * the keys under its prefix are laid out with another `hashIds` (see `hashIds`), every read and
 * write rejects with core's `ConfigurationError`.
 *
 * @example
 * const cutoffStore = new RedisDelegationCutoffStore({ client });
 * await endDelegation({ human: 'u-1', cache, cutoffStore }); // @dual-auth/session
 */
export class RedisDelegationCutoffStore implements DelegationCutoffStore {
  readonly #store: ResolvedStoreOptions;
  readonly #evictionPolicy: EvictionPolicyCheck;
  readonly #layout: KeyLayoutCheck;
  readonly #maxSkewMs: number;
  readonly #logger: Logger;

  /** @throws TypeError on a wrong or unknown option (a misspelled `prefix` would share a namespace). */
  constructor(options: RedisDelegationCutoffStoreOptions) {
    refuseUnknownOptions(options, SECURITY_STORE_OPTIONS, `new ${OWNER}`);
    this.#store = resolveStoreOptions(options, OWNER);
    this.#maxSkewMs = maxClockSkewOption(options, OWNER);
    this.#evictionPolicy = new EvictionPolicyCheck(
      this.#store.commands,
      this.#store.clock,
      OWNER,
      options,
    );
    this.#logger = loggerOrDefault(options.logger);
    this.#layout = new KeyLayoutCheck(
      this.#store,
      OWNER,
      options.client,
      options.policyCheckIntervalMs ?? DEFAULT_POLICY_CHECK_INTERVAL_MS,
      this.#logger,
    );
    // Not an `[INSPECT]()` member: esbuild keeps a class with a computed member in every bundle
    // of the published dist, used or not (evanw/esbuild#3189).
    Object.defineProperty(this, INSPECT, {
      value: () =>
        `RedisDelegationCutoffStore { prefix: '${this.#store.prefix}', timeoutMs: ${this.#store.timeoutMs} }`,
    });
  }

  /**
   * Records the human's cut-off, kept `keepMs` + `maxClockSkewMs` (on Redis's clock, so a reader
   * whose clock runs up to that much behind still finds it): the latest of `cutoffMs`, the one
   * already recorded and Redis's clock (`TIME`, ms since the epoch), in one script (`cutoffOf`
   * reads it). A process whose clock runs slow (clock skew between processes) so records no
   * cut-off before the real logout, and a cut-off only ever moves later (see core's
   * `DelegationCutoffStore.endDelegation`). Never refused for a clock far off Redis's: a kill
   * switch must work (a clock far ahead records its own, later, cut-off); past `maxClockSkewMs`
   * it logs `redis_clock_skew` (warn: `store`, `skew_seconds`, whole seconds this process's clock
   * runs ahead of Redis's `TIME`, negative behind; never the human), as this process's own reads
   * of the cut-off are refused (`clock_skew`) until its clock is set right (NTP).
   *
   * @throws TypeError on a wrong argument (a `cutoffMs` outside 0 to 2^53 - 1 included, before
   *   anything is written); StoreUnavailableError (operation `cutoff`) when Redis
   *   does not answer within `timeoutMs` or fails: its message says that the cut-off may not be
   *   recorded (treat the human's credentials issued before it as still accepted; a write that
   *   timed out may still run later, a frozen Redis going on) and to call again, with what Redis
   *   did; ConfigurationError, saying the cut-off was NOT recorded, when the keys under the
   *   prefix were laid out with another `hashIds` (see `hashIds`): the other processes would not
   *   read it.
   */
  async endDelegation(human: string, cutoffMs: number, keepMs: number): Promise<void> {
    checkDelegationCutoffArguments(human, cutoffMs, keepMs);
    try {
      await this.#store.commands.within(() => this.#endDelegation(human, cutoffMs, keepMs));
    } catch (error) {
      // Written under the other half's keys, it would not be read by the fleet: refused, and said so.
      if (ConfigurationError.isInstance(error)) {
        throw new ConfigurationError({
          message: `${NOT_RECORDED_HEAD}; do not report the sign-out as done. ${error.message}; then call endDelegation again`,
          variable: error.variable ?? 'hashIds',
          cause: error,
        });
      }
      if (!StoreUnavailableError.isInstance(error)) throw error;
      // A kill switch that failed must not read as a slow Redis only: the human is not cut off.
      throw new StoreUnavailableError('cutoff', `${NOT_RECORDED} (${error.message})`, {
        cause: error,
      });
    }
  }

  async #endDelegation(human: string, cutoffMs: number, keepMs: number): Promise<void> {
    // Written even on an evicting Redis (the refusal is logged): a cut-off that may be evicted
    // still beats none, and a refusal here would fail every logout.
    await Promise.all([this.#layout.ensure('cutoff'), this.#evictionPolicy.ensure('cutoff', true)]);
    const { commands, keys, clock } = this.#store;
    const now = clock.now();
    const redisNow = await commands.run(
      'cutoff',
      END_DELEGATION,
      [keys.cutoff(human)],
      // Kept maxClockSkewMs longer: a reader whose clock runs up to that much behind Redis's
      // still finds it as long as its clock says the cut-off's credentials live.
      [String(Math.floor(cutoffMs)), String(Math.ceil(keepMs) + this.#maxSkewMs)],
    );
    // Recorded all the same (a kill switch is never refused), but this process's reads of it
    // are (clock_skew): the operator hears of it now, not at the next request refused.
    const aheadMs = now - Number(redisNow);
    if (Math.abs(aheadMs) > this.#maxSkewMs) {
      warnClockSkew(this.#logger, OWNER, aheadMs);
    }
  }

  /**
   * The human's cut-off, ms since the epoch, or `undefined`.
   *
   * @throws TypeError on a wrong argument; StoreUnavailableError when Redis does not answer, its
   *   eviction policy is refused, or the key holds something else than a time, and of reason
   *   `clock_skew` when this process's clock is further than `maxClockSkewMs` off Redis's `TIME`
   *   (read in the same round trip): the key expires by Redis's clock, so a reader far behind
   *   would find a cut-off gone while by its own clock the credentials it cut off still live;
   *   ConfigurationError when the keys under the prefix were laid out with another `hashIds` (a cut-off written by the
   *   other processes would not be found). Either way the caller refuses the credential.
   */
  async cutoffOf(human: string): Promise<number | undefined> {
    if (typeof human !== 'string' || human === '') {
      throw new TypeError('cutoffOf: human must be a non-empty string');
    }
    // One timeoutMs for the checks (when due) and the read together.
    return this.#store.commands.within(() => this.#cutoffOf(human));
  }

  async #cutoffOf(human: string): Promise<number | undefined> {
    await Promise.all([this.#layout.ensure('cutoff'), this.#evictionPolicy.ensure('cutoff')]);
    const { commands, keys, clock } = this.#store;
    const now = clock.now();
    // 32 bytes at most: a time has 16 digits; a longer value is refused below, read that far only.
    // Redis's clock beside it, in the same round trip: the key lives by Redis's clock, and the
    // caller judges the credential by this process's.
    const key = keys.cutoff(human);
    const [value, redisNow] = await Promise.all([
      commands.getBounded('cutoff', key, 32),
      commands.redisTimeMs('cutoff', key),
    ]);
    if (Math.abs(now - redisNow) > this.#maxSkewMs) {
      throw clockSkewError('cutoff', now - redisNow, this.#maxSkewMs);
    }
    if (value === undefined) return undefined;
    // A key that holds something else (written by another program) is no cut-off to trust, nor
    // proof that there is none: the check fails closed.
    if (!WHOLE_MS.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new StoreUnavailableError(
        'cutoff',
        "the human's cut-off key holds something else than a time (whole ms since the epoch, as endDelegation writes it): delete the key or end the delegation again",
      );
    }
    return Number(value);
  }
}
