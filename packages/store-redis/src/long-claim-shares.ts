import { ReplayStoreFullError } from '@dual-auth/core';
import {
  CLAIM_BOUND,
  CLAIM_IN_SHARE,
  FORGET_CLAIM,
  FORGOTTEN_FILTERS,
  RELEASE_LOCK,
  SHARE_CLAIM,
} from './lua-scripts.js';
import { isCrossSlotRefusal } from './redis-commands.js';
import { claimWon } from './steady-claim-clock.js';
import type { ResolvedStoreOptions } from './store-options.js';

/**
 * Claims that live longer than this count against their partition's share: an hour is past every
 * act JWT, act assertion and DPoP proof window of the verifiers' defaults (at most 300 s and
 * their tolerances), short of the day an API guard without `dpop.nonce` keeps a proof carrying a
 * nonce (`docs/dpop.md`).
 */
export const LONG_CLAIM_MS = 3_600_000;

/** The default of `maxLongClaimsPerPartition`. */
export const DEFAULT_MAX_LONG_CLAIMS = 10_000;

/**
 * Thrown when a claim's key matches a filter of the claims its partition's share forgot: a
 * `ReplayStoreFullError` (the verifiers refuse the credential, the guard answers 503) whose
 * message names the Redis option.
 */
class LongClaimShareFullError extends ReplayStoreFullError {
  constructor(maxEntries: number) {
    super(maxEntries);
    this.message = `Replay store is full (${maxEntries} unexpired jti living past an hour in this partition) and forgot some to make room; this jti may be one of them, so it is refused. Raise maxLongClaimsPerPartition of RedisReplayStore if one party legitimately makes that many`;
  }
}

/** A claim naming a partition, as {@link LongClaimShares.claim} takes it. */
export interface PartitionedClaim {
  /** Its Redis key. */
  readonly key: string;
  /** What it sets the key to: `b:` + binding, or an unbound claim's own token. */
  readonly value: string;
  /** ms to keep the key, on the claiming instance's clock. */
  readonly ttlMs: number;
  /** ms since the epoch: keep the key until at least this on Redis's clock (`CLAIM_BOUND`). */
  readonly keepUntil: number;
  /** ms since the epoch, on the claiming instance's clock. */
  readonly expiresAt: number;
  readonly now: number;
  readonly partition: string;
  /** This instance's clock went back: Redis may have dropped the claim (`CLAIM_BOUND`'s ARGV[4]). */
  readonly wentBack: boolean;
  /** The most `now` may differ from Redis's clock, in ms (`CLAIM_BOUND`'s ARGV[6]). */
  readonly maxSkewMs: number;
}

/**
 * The claims that name a partition. Each is taken and checked against its partition's share in
 * one Lua script (`CLAIM_IN_SHARE`: one round trip): a first use whose key matches a filter of the
 * claims the share forgot is refused; a long one (living past {@link LONG_CLAIM_MS}) is filed in
 * the share, which forgets the claims expiring first past `maxEntries`, recording them in its
 * filters before their keys are deleted: a replay of one either still finds its key (a replay) or
 * matches the filter (refused). Never one in between. A Redis Cluster refuses that script (the
 * claim's key and the share are in two slots): from its first `CROSSSLOT` on, a claim takes two
 * (`CLAIM_BOUND`, then `SHARE_CLAIM`), as before.
 */
export class LongClaimShares {
  readonly #store: ResolvedStoreOptions;
  readonly #maxEntries: number;
  readonly #skewMs: number;
  #oneSlotScripts = true;

  constructor(store: ResolvedStoreOptions, maxEntries: number, skewMs: number) {
    this.#store = store;
    this.#maxEntries = maxEntries;
    this.#skewMs = skewMs;
  }

  /**
   * Claims `claim.key`: `true` on first use (or the same value again), `false` on a replay.
   *
   * @throws ReplayStoreFullError when the share cannot tell the claim from one it forgot (its key
   *   is then deleted again), or Redis may have dropped it (`claim.wentBack`, `ClockWentBackError`);
   *   `StoreUnavailableError` when Redis does not answer, or of reason `clock_skew` when `now`
   *   is further than `claim.maxSkewMs` off Redis's clock (nothing written).
   */
  async claim(claim: PartitionedClaim): Promise<boolean> {
    const { commands, keys } = this.#store;
    const share = keys.replayShare(claim.partition, FORGOTTEN_FILTERS);
    const long = claim.expiresAt - claim.now > LONG_CLAIM_MS ? '1' : '0';
    const args = [claim.expiresAt, claim.now, this.#maxEntries, this.#skewMs].map(String);
    args.push(long);
    const shareKeys = [share.index, share.forgottenUntil, ...share.filters];
    const claimArgs = [claim.value, String(claim.ttlMs), String(claim.keepUntil)];
    claimArgs.push(claim.wentBack ? '1' : '0', String(Math.floor(claim.now)));
    claimArgs.push(String(claim.maxSkewMs));
    let reply: unknown;
    if (this.#oneSlotScripts) {
      try {
        reply = await commands.run(
          'claim',
          CLAIM_IN_SHARE,
          [claim.key, ...shareKeys],
          [...args, ...claimArgs],
        );
      } catch (error) {
        if (!isCrossSlotRefusal(error)) throw error;
        this.#oneSlotScripts = false;
      }
    }
    if (!this.#oneSlotScripts) {
      if (!claimWon(await commands.run('claim', CLAIM_BOUND, [claim.key], claimArgs))) {
        return false;
      }
      reply = await commands.run('claim', SHARE_CLAIM, shareKeys, [...args, claim.key]);
      if (Array.isArray(reply) && reply[0] === -1) {
        await commands.run('claim', RELEASE_LOCK, [claim.key], [claim.value]);
      }
    }
    const [outcome, ...forgotten] = Array.isArray(reply) ? reply : [0];
    if (outcome === -1) throw new LongClaimShareFullError(this.#maxEntries);
    // The whole reply: a refusal for the clock's skew holds its numbers, not keys to forget.
    const won = claimWon(Array.isArray(reply) ? reply : 0);
    // Sent, not awaited: their keys only cost memory now; a deletion that fails leaves them to
    // expire, never a replay (the filter holds them). Long claims' keys only: a member naming any
    // other key (another program wrote it there: a cut-off, the key layout, a short claim no share
    // holds) is forgotten, not deleted.
    const claims = keys.replayPrefix();
    for (const key of forgotten) {
      if (typeof key !== 'string' || !key.startsWith(claims)) continue;
      commands.run('claim', FORGET_CLAIM, [key], [String(LONG_CLAIM_MS)]).catch(() => undefined);
    }
    return won;
  }
}
