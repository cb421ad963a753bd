import { checkOption } from '../config/check-option.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { DelegationCutoffStore } from '../contracts/delegation-cutoff-store.js';

/** What {@link InMemoryDelegationCutoffStore} takes. */
export interface InMemoryDelegationCutoffStoreOptions {
  /** Default: the system clock. */
  clock?: Clock | undefined;
}

/**
 * A {@link DelegationCutoffStore} in this process's memory: a human's latest cut-off is kept for
 * the longest `keepMs` asked of it, then forgotten. One process only: several instances need a
 * shared store (`RedisDelegationCutoffStore` of `@dual-auth/store-redis`).
 *
 * @example
 * const cutoffs = new InMemoryDelegationCutoffStore();
 * await cutoffs.endDelegation('user-123', Date.now(), 86_400_000);
 * await cutoffs.cutoffOf('user-123'); // the moment, for 24 h
 */
export class InMemoryDelegationCutoffStore implements DelegationCutoffStore {
  readonly #cutoffs = new Map<string, { cutoffMs: number; keptUntilMs: number }>();
  readonly #clock: Clock;

  constructor(options: InMemoryDelegationCutoffStoreOptions = {}) {
    this.#clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  }

  async endDelegation(human: string, cutoffMs: number, keepMs: number): Promise<void> {
    checkDelegationCutoffArguments(human, cutoffMs, keepMs);
    const nowMs = this.#clock.now();
    for (const [id, entry] of this.#cutoffs) {
      if (entry.keptUntilMs <= nowMs) this.#cutoffs.delete(id);
    }
    // As the Redis store does: the latest cut-off, kept as long as the longest keep asked, so a
    // second call (another instance, a clock behind) never shortens what the first one recorded.
    const current = this.#cutoffs.get(human) ?? { cutoffMs, keptUntilMs: 0 };
    this.#cutoffs.set(human, {
      cutoffMs: Math.max(cutoffMs, current.cutoffMs),
      keptUntilMs: Math.max(nowMs + keepMs, current.keptUntilMs),
    });
  }

  async cutoffOf(human: string): Promise<number | undefined> {
    const entry = this.#cutoffs.get(human);
    if (entry === undefined) return undefined;
    if (entry.keptUntilMs > this.#clock.now()) return entry.cutoffMs;
    this.#cutoffs.delete(human);
    return undefined;
  }
}

/** Checks the arguments of `DelegationCutoffStore.endDelegation`; @throws TypeError naming the wrong one. */
export function checkDelegationCutoffArguments(
  human: unknown,
  cutoffMs: unknown,
  keepMs: unknown,
): void {
  if (typeof human !== 'string' || human === '') {
    throw new TypeError('endDelegation: human must be a non-empty string (the human IAM id)');
  }
  if (typeof cutoffMs !== 'number' || !Number.isFinite(cutoffMs)) {
    throw new TypeError('endDelegation: cutoffMs must be a finite number (ms since epoch)');
  }
  if (typeof keepMs !== 'number' || !Number.isFinite(keepMs) || keepMs <= 0) {
    throw new TypeError('endDelegation: keepMs must be a number of milliseconds > 0');
  }
}
