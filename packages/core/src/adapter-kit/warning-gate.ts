/** What {@link WarningGate} is bounded by. */
export interface WarningGateLimits {
  /** How many keys it remembers having warned about; the least recently seen is forgotten first. */
  readonly maxKeys: number;
  /** How many warnings about new keys it lets through per window. */
  readonly maxPerWindow: number;
  /** The window's length, in ms by the caller's clock. */
  readonly windowMs: number;
}

/** What {@link WarningGate.admit} answers. */
export interface WarningGateAnswer {
  /** Whether to warn now. */
  readonly warn: boolean;
  /** With `warn`, how many warnings were held back since the last one let through. */
  readonly suppressed: number;
}

/**
 * Lets a warning through once per key (a set of extra scopes an IdP adds to every token) and at
 * most `maxPerWindow` times per window, so that an IdP adding a new value to every answer warns a
 * few times a minute, not once per token; its memory is `maxKeys` keys whatever it is shown.
 * A held-back key is not remembered: it warns once the window has room again.
 */
export class WarningGate {
  readonly #limits: WarningGateLimits;
  readonly #seen = new Set<string>();
  #windowStart = Number.NEGATIVE_INFINITY;
  #inWindow = 0;
  #suppressed = 0;

  constructor(limits: WarningGateLimits) {
    this.#limits = limits;
  }

  /** How many keys it remembers: at most `maxKeys`. */
  get size(): number {
    return this.#seen.size;
  }

  /** Whether to warn about `key` at `nowMs` (ms by the caller's clock), and counts it. */
  admit(key: string, nowMs: number): WarningGateAnswer {
    const { maxKeys, maxPerWindow, windowMs } = this.#limits;
    if (this.#seen.delete(key)) {
      this.#seen.add(key);
      return { warn: false, suppressed: 0 };
    }
    // A clock set back starts a window too, rather than holding warnings back until it catches up.
    if (nowMs - this.#windowStart >= windowMs || nowMs < this.#windowStart) {
      this.#windowStart = nowMs;
      this.#inWindow = 0;
    }
    if (this.#inWindow >= maxPerWindow) {
      this.#suppressed += 1;
      return { warn: false, suppressed: 0 };
    }
    this.#inWindow += 1;
    if (this.#seen.size >= maxKeys) {
      const oldest = this.#seen.values().next().value;
      if (oldest !== undefined) this.#seen.delete(oldest);
    }
    this.#seen.add(key);
    const suppressed = this.#suppressed;
    this.#suppressed = 0;
    return { warn: true, suppressed };
  }
}
