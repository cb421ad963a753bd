import { ReplayStoreFullError, SteadyClock } from '@dual-auth/core';
import { clockSkewError, expiredOnRedisError } from './clock-skew.js';
import { CLAIM_CLOCK_SKEW, CLAIM_EXPIRED_ON_REDIS, CLAIM_MAY_BE_GONE } from './lua-scripts.js';

/**
 * This instance's clock as Redis counts a claim's life: never back. Redis expires a claim on its
 * own clock, `expiresAt` + the margin after it was made; an instance whose clock is then stepped
 * back further than the margin (NTP, a resumed VM) reads the credential as valid again although
 * Redis may have dropped its claim. It cannot tell a step back from a jump ahead set right (then
 * it runs ahead for good), so it only asks: the claim scripts refuse when Redis's own clock agrees
 * (`CLAIM_MAY_BE_GONE`).
 */
export class SteadyClaimClock {
  readonly #steady = new SteadyClock();

  /**
   * True when the clock went back (ever) and a claim expiring at `expiresAt`, kept `marginMs`
   * longer, may be gone from Redis by now on the steady time.
   */
  mayBeGone(now: number, expiresAt: number, marginMs: number): boolean {
    const steady = this.#steady.read(now);
    return this.#steady.offset > 0 && expiresAt + marginMs <= steady;
  }
}

/**
 * Thrown by `RedisReplayStore.claim` when {@link SteadyClaimClock.mayBeGone} and Redis's clock
 * agree and Redis holds no claim of the `jti`: a
 * `ReplayStoreFullError` (undecided: the verifiers refuse the credential, the guard answers 503),
 * with no capacity involved (`maxEntries` 0).
 */
export class ClockWentBackError extends ReplayStoreFullError {
  constructor() {
    super(0, 'clock_went_back');
    this.message =
      "Replay store's clock went back further than a claim's 15 s margin: Redis may have expired this jti's claim, so it is refused. Check the host's clock (NTP)";
  }
}

/**
 * Whether a claim script's answer (`CLAIM_BOUND`'s, or `CLAIM_IN_SHARE`'s whose first item is the
 * outcome) is a first use: 1 yes, 0 a replay.
 *
 * @throws ClockWentBackError on `CLAIM_MAY_BE_GONE`; `StoreUnavailableError` of reason
 *   `clock_skew` on `CLAIM_CLOCK_SKEW` (this instance's clock too far off Redis's) and on
 *   `CLAIM_EXPIRED_ON_REDIS` (no claim, and Redis's clock past the time to keep it until).
 */
export function claimWon(reply: unknown): boolean {
  const outcome = Array.isArray(reply) ? reply[0] : reply;
  if (outcome === CLAIM_MAY_BE_GONE) throw new ClockWentBackError();
  if (outcome === CLAIM_CLOCK_SKEW) {
    const [, aheadMs, maxMs] = reply as number[];
    throw clockSkewError('claim', Number(aheadMs), Number(maxMs));
  }
  if (outcome === CLAIM_EXPIRED_ON_REDIS) throw expiredOnRedisError(Number((reply as number[])[1]));
  return outcome === 1;
}
