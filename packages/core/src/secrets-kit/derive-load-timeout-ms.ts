// setTimeout refuses delays above 2^31-1 ms.
const MAX_TIMER_MS = 2_147_483_647;

/** Time a read spends besides its requests (scheduling, parsing), in ms, on top of what it adds up. */
export const SECRET_LOAD_MARGIN_MS = 5_000;

/** What one read of a secret from a store may take at worst: {@link deriveLoadTimeoutMs}'s input. */
export interface LoadTimeoutParts {
  /** Requests one read may send at worst, each bounded by `timeoutMs` (attempts, logins, fallbacks). */
  readonly requests: number;
  /** The deadline of each request, in ms; 0 (no deadline) gives the largest timer, 2^31-1 ms. */
  readonly timeoutMs: number;
  /** Waits besides the requests, in ms: retry backoff, a credential's own retries. Default 0. */
  readonly waitMs?: number | undefined;
}

/**
 * A backend's default `cacheLoadTimeoutMs`, from its own timeouts: `requests × timeoutMs + waitMs`
 * plus {@link SECRET_LOAD_MARGIN_MS}, at most 2^31-1 ms. So the cache's deadline cuts a stalled
 * read, never a slow one the backend's own settings allow (a backend `timeoutMs` above 30 s, a
 * managed identity retrying its token endpoint).
 *
 * @example
 * ```ts
 * import { deriveLoadTimeoutMs } from '@dual-auth/core/secrets-kit';
 *
 * // A login, a KV v2 read and its KV v1 fallback, 10 s each: 35 000 ms.
 * const cacheLoadTimeoutMs = deriveLoadTimeoutMs({ requests: 3, timeoutMs: 10_000 });
 * ```
 */
export function deriveLoadTimeoutMs({ requests, timeoutMs, waitMs = 0 }: LoadTimeoutParts): number {
  if (timeoutMs === 0) return MAX_TIMER_MS;
  return Math.min(MAX_TIMER_MS, Math.ceil(requests * timeoutMs + waitMs + SECRET_LOAD_MARGIN_MS));
}
