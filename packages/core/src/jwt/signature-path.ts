/**
 * libuv's thread-pool size as libuv reads `UV_THREADPOOL_SIZE` when the pool starts: 4 when unset,
 * the variable's leading integer otherwise (C `atoi`), 0 or no number meaning 1, and at most 1024
 * (https://docs.libuv.org/en/v1.x/threadpool.html). A negative number wraps to a huge unsigned
 * count in libuv, so it reads as 1024 here too.
 */
export function threadPoolSize(value: string | undefined): number {
  if (value === undefined) return 4;
  const leading = /^\s*([+-]?\d+)/.exec(value)?.[1];
  const parsed = leading === undefined ? 0 : Number(leading);
  if (parsed < 0 || parsed > 1024) return 1024;
  return Math.max(parsed, 1);
}

/**
 * Synchronous verifications chosen on the main thread between two turns of the event loop, at
 * most: 64 RSA-2048 checks hold the loop about 1.3 ms on this repository's 2-core bench machine
 * (quiet), a burst of 64 in flight stays whole on the main thread, and 256 in flight send the
 * rest to the pool (docs/performance.md, "Verification with 64 in flight").
 */
export const MOST_SYNC_VERIFICATIONS_PER_TURN = 64;

/**
 * The longest RSA modulus, in bits, verified on the main thread while others are in flight: an
 * RSA-4096 check blocks the loop 2.5 times as long as an RSA-2048 one, and every IdP we support
 * signs with 2048 bits.
 */
export const MOST_SYNC_RSA_MODULUS_BITS = 2048;

/** What the choice between the main thread and the thread pool is made from. */
export interface SignatureLoad {
  /** Signatures this process handed to libuv's thread pool whose answer has not come back. */
  readonly handedToPool: number;
  /** Threads in libuv's pool ({@link threadPoolSize}). */
  readonly poolSize: number;
  /** Signatures verified on the main thread under concurrency since the event loop last turned. */
  readonly syncThisTurn: number;
  /** The RSA key's modulus length in bits. */
  readonly modulusBits: number;
}

/**
 * True when an RSA signature, checked while other verifications are in flight, should be verified
 * synchronously on the main thread instead of being queued: when the signatures already handed to
 * the pool fill it, the main thread would only sleep until one comes back and be woken once per
 * token, so it takes a share of the work itself. Bounded by
 * {@link MOST_SYNC_VERIFICATIONS_PER_TURN} per turn of the event loop and by
 * {@link MOST_SYNC_RSA_MODULUS_BITS}, so the loop is never held long (docs/performance.md,
 * "Verification with 64 in flight").
 */
export function verifiesOnMainThread(load: SignatureLoad): boolean {
  return (
    load.handedToPool >= load.poolSize &&
    load.syncThisTurn < MOST_SYNC_VERIFICATIONS_PER_TURN &&
    load.modulusBits <= MOST_SYNC_RSA_MODULUS_BITS
  );
}
