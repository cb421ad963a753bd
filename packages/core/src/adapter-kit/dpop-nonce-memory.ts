/** RFC 9449 §8.1: `nonce = 1*NQCHAR`, capped here at 1024 characters. */
const NONCE = /^[\x21\x23-\x5b\x5d-\x7e]{1,1024}$/;
/** How many token URLs' nonces an adapter keeps: past it, the least recently heard is dropped. */
const MAX_URLS = 16;

/** Whether `value` is a nonce a proof may carry: `1*NQCHAR` (RFC 9449 §8.1), ≤ 1024 characters. */
export function isDpopNonce(value: unknown): value is string {
  return typeof value === 'string' && NONCE.test(value);
}

/** The `DPoP-Nonce` of `headers` when it is well-formed (RFC 9449 §8.1), else undefined. */
export function dpopNonceIn(headers: Headers): string | undefined {
  const nonce = headers.get('dpop-nonce');
  return isDpopNonce(nonce) ? nonce : undefined;
}

/**
 * The latest `DPoP-Nonce` each token URL sent (RFC 9449 §8, §8.2: with an error or a token), put
 * in the first proof of the next request there, so an IdP that demands nonces costs one
 * `use_dpop_nonce` answer per adapter, not one per token. A malformed or longer nonce is ignored.
 */
export class DpopNonceMemory {
  readonly #byUrl = new Map<string, string>();

  /** The nonce last heard from the token endpoint at `htu`, if any. */
  get(htu: string): string | undefined {
    return this.#byUrl.get(htu);
  }

  /** Keeps the nonce of an answer from `htu`; returns it, or undefined when it sent none. */
  remember(htu: string, headers: Headers): string | undefined {
    const nonce = dpopNonceIn(headers);
    if (nonce === undefined) return undefined;
    this.#byUrl.delete(htu);
    this.#byUrl.set(htu, nonce);
    const [oldest] = this.#byUrl.keys();
    if (this.#byUrl.size > MAX_URLS && oldest !== undefined) this.#byUrl.delete(oldest);
    return nonce;
  }
}
