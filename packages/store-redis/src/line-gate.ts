/**
 * At most one log line of each kind every `intervalMs` (ms on the caller's clock; a clock set back
 * lets one through at once), counting the lines held back so the next one can say how many: for a
 * failure that repeats with every call, where a line per call would be one per request served.
 * Remembers at most `maxKinds` kinds: past that it forgets them all (each then logs once more).
 * The one rate limit of the stores' warnings (`redis_store_failed`, `redis_clock_skew`).
 *
 * @example
 * const gate = new LineGate(10_000);
 * const heldBack = gate.admit('claim OOM', clock.now()); // 0: log it; undefined: hold it back
 */
export class LineGate {
  readonly #intervalMs: number;
  readonly #maxKinds: number;
  readonly #kinds = new Map<string, { lastMs: number; heldBack: number }>();

  constructor(intervalMs: number, maxKinds = 100) {
    this.#intervalMs = intervalMs;
    this.#maxKinds = maxKinds;
  }

  /**
   * Whether to log a line of `kind` at `nowMs`: when so, how many lines of that kind were held back
   * since the last one let through (0 or more); `undefined` when not.
   */
  admit(kind: string, nowMs: number): number | undefined {
    const last = this.#kinds.get(kind);
    if (last !== undefined && nowMs >= last.lastMs && nowMs - last.lastMs < this.#intervalMs) {
      last.heldBack += 1;
      return undefined;
    }
    if (last === undefined && this.#kinds.size >= this.#maxKinds) this.#kinds.clear();
    this.#kinds.set(kind, { lastMs: nowMs, heldBack: 0 });
    return last?.heldBack ?? 0;
  }
}
