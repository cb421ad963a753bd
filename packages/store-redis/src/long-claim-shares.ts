import { ReplayStoreFullError } from '@dual-auth/core';
import {
  FILE_LONG_CLAIM,
  FORGET_CLAIM,
  MAY_REPLAY_FORGOTTEN,
  RELEASE_LOCK,
} from './lua-scripts.js';
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
 * Thrown when a partition's share of long-lived claims forgot claims expiring no earlier than this
 * one: a `ReplayStoreFullError` (the verifiers refuse the credential, the guard answers 503)
 * whose message names the Redis option.
 */
class LongClaimShareFullError extends ReplayStoreFullError {
  constructor(maxEntries: number) {
    super(maxEntries);
    this.message = `Replay store is full (${maxEntries} unexpired jti living past an hour in this partition) and forgot some to make room; it cannot tell whether this jti was one of them, so it is refused. Raise maxLongClaimsPerPartition of RedisReplayStore if one party legitimately makes that many in a clock tolerance`;
  }
}

/** What {@link fileLongClaim} needs of a claim that Redis just took as a first use. */
export interface LongClaim {
  /** Its Redis key. */
  readonly key: string;
  /** The value it was set to, so that a refused claim deletes only its own. */
  readonly value: string;
  /** ms since the epoch, on the claiming instance's clock. */
  readonly expiresAt: number;
  readonly now: number;
  readonly partition: string;
}

/**
 * Files a long-lived claim in its partition's share (`FILE_LONG_CLAIM`) and deletes the claims
 * the share forgot to make room. Redis took the claim before it is filed, and the share records
 * what it forgot before their keys are deleted: a replay of a forgotten claim either still finds
 * its key (a replay) or is refused by the share (this error). Never one in between.
 *
 * @throws ReplayStoreFullError when the share cannot tell the claim from one it forgot (its key
 *   is then deleted again); `StoreUnavailableError` when Redis does not answer.
 */
export async function fileLongClaim(
  store: ResolvedStoreOptions,
  claim: LongClaim,
  maxEntries: number,
  skewMs: number,
): Promise<void> {
  const { commands, keys } = store;
  const share = keys.replayShare(claim.partition);
  const reply = await commands.run(
    'claim',
    FILE_LONG_CLAIM,
    [share.index, share.forgotten],
    [claim.key, String(claim.expiresAt), String(claim.now), String(maxEntries), String(skewMs)],
  );
  const [filed, ...forgotten] = Array.isArray(reply) ? reply : [0];
  if (filed !== 1) await refuse(store, claim, maxEntries);
  // Their keys only cost memory now: a deletion that fails leaves them to expire, never a replay.
  await Promise.all(
    forgotten.map((key) =>
      commands.run('claim', FORGET_CLAIM, [String(key)], []).catch(() => undefined),
    ),
  );
}

/** Deletes a claim the share refused (only its own value) and throws. */
async function refuse(store: ResolvedStoreOptions, claim: LongClaim, maxEntries: number) {
  await store.commands.run('claim', RELEASE_LOCK, [claim.key], [claim.value]);
  throw new LongClaimShareFullError(maxEntries);
}

/**
 * Checks a claim of a partition that Redis just took as a first use but that is not long (now):
 * a long claim the share forgot (its key deleted) is no longer long in its last hour, and its
 * replay must still be refused. The claim is refused, its key deleted again, when it expires no
 * later than the share's forgotten-until plus the clock skew: the share cannot tell it from one
 * it forgot (as `InMemoryReplayStore` refuses any claim of a partition that forgot later ones).
 *
 * @throws ReplayStoreFullError then; `StoreUnavailableError` when Redis does not answer.
 */
export async function refuseForgottenClaim(
  store: ResolvedStoreOptions,
  claim: LongClaim,
  maxEntries: number,
  skewMs: number,
): Promise<void> {
  const { forgotten } = store.keys.replayShare(claim.partition);
  const args = [String(claim.expiresAt), String(skewMs)];
  const may = await store.commands.run('claim', MAY_REPLAY_FORGOTTEN, [forgotten], args);
  if (may === 1) await refuse(store, claim, maxEntries);
}
