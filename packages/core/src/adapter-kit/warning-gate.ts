/** What a {@link WarningGate} is bounded by. */
export interface WarningGateLimits {
  /** How many keys it remembers having warned about; the least recently seen is forgotten first. */
  readonly maxKeys: number;
  /** How many warnings about new keys it lets through per window. */
  readonly maxPerWindow: number;
  /** The window's length, in ms by the caller's clock. */
  readonly windowMs: number;
}

/** Made by {@link createWarningGate}. */
export interface WarningGate {
  /** How many keys it remembers: at most `maxKeys`. */
  readonly size: number;
  /**
   * Whether to warn about `key` at `nowMs` (ms by the caller's clock): when so, how many warnings
   * were held back since the last one let through (0 or more); `undefined` when not.
   */
  admit(key: string, nowMs: number): number | undefined;
}

/**
 * Lets a warning through once per key (a set of extra scopes an IdP adds to every token) and at
 * most `maxPerWindow` times per window, so that an IdP adding a new value to every answer warns a
 * few times a minute, not once per token; its memory is `maxKeys` keys whatever it is shown.
 * A held-back key is not remembered: it warns once the window has room again.
 *
 * @example
 * const gate = createWarningGate({ maxKeys: 16, maxPerWindow: 5, windowMs: 60_000 });
 * gate.admit('profile email', clock.now()); // 0: warn, none held back
 */
export function createWarningGate(limits: WarningGateLimits): WarningGate {
  const { maxKeys, maxPerWindow, windowMs } = limits;
  const seen = new Set<string>();
  let windowStart = Number.NEGATIVE_INFINITY;
  let inWindow = 0;
  let heldBack = 0;
  return {
    get size() {
      return seen.size;
    },
    admit(key, nowMs) {
      if (seen.delete(key)) {
        seen.add(key);
        return undefined;
      }
      // A clock set back starts a window too, rather than holding warnings until it catches up.
      if (nowMs - windowStart >= windowMs || nowMs < windowStart) {
        windowStart = nowMs;
        inWindow = 0;
      }
      if (inWindow >= maxPerWindow) {
        heldBack += 1;
        return undefined;
      }
      inWindow += 1;
      // A Set iterates in insertion order, and a key seen again was moved last: the first is oldest.
      if (seen.size >= maxKeys) seen.delete(seen.values().next().value as string);
      seen.add(key);
      const count = heldBack;
      heldBack = 0;
      return count;
    },
  };
}
