import { dpopNonceOf } from './challenge-remedy.js';

/** How many origins' nonces are kept: past it, the one heard from longest ago is forgotten. */
const MAX_ORIGINS = 100;

/**
 * The latest `DPoP-Nonce` each origin sent (RFC 9449 §8, §8.2: a server may give it with any
 * answer, 401 or 2xx, and expects it in the next proofs), so that the next call's first proof
 * carries it instead of costing a `use_dpop_nonce` 401. A nonce is kept only when well-formed and
 * at most 1024 characters (see `dpopNonceOf`); at most 100 origins are kept. A stale nonce is
 * still answered with one retry by the call.
 */
export class DpopNonces {
  readonly #byOrigin = new Map<string, string>();

  /** The nonce last heard from `origin` (`URL.origin` form), if any. */
  get(origin: string): string | undefined {
    return this.#byOrigin.get(origin);
  }

  /**
   * Keeps the nonce of `response`, an answer from `origin`, when it has one.
   *
   * @returns the nonce for the next proof to `origin`: the new one, else the one kept.
   */
  remember(origin: string, response: Response): string | undefined {
    const nonce = dpopNonceOf(response);
    if (nonce === undefined) return this.#byOrigin.get(origin);
    this.#byOrigin.delete(origin);
    this.#byOrigin.set(origin, nonce);
    if (this.#byOrigin.size > MAX_ORIGINS) {
      const [oldest] = this.#byOrigin.keys();
      if (oldest !== undefined) this.#byOrigin.delete(oldest);
    }
    return nonce;
  }
}
