import type { RsaKeyPair } from './rsa-key-pair.js';

/** A public signing key as a JWK Set publishes it (RFC 7517 §4): `kty`, `n`, `e`, `kid`, `alg`, `use`. */
export type PublishedJwk = JsonWebKey & { kid: string };

/** What {@link LocalIdp.rotateSigningKey} did. */
export interface SigningKeyRotation {
  /** The `kid` of the new signing key: every token minted from now on carries it. */
  readonly kid: string;
  /** The `kid` of the key it replaced, published until {@link SigningKeyRotation.withdrawAtMs}. */
  readonly previousKid: string;
  /** When the previous key leaves the JWK Set, in ms since the epoch on the IdP's `clock`. */
  readonly withdrawAtMs: number;
}

interface RetiredKey {
  readonly publicJwk: PublishedJwk;
  readonly withdrawAtMs: number;
}

/**
 * The keys of a local IdP: the one that signs, and the ones it signed with before, each published
 * in the JWK Set until its overlap ends (OpenID Connect Core 1.0 §10.1.1: the set retains recently
 * decommissioned signing keys so that verifiers see the change by the new `kid`). In memory only.
 * @internal
 */
export class SigningKeyRing {
  #current: RsaKeyPair;
  #retired: RetiredKey[] = [];

  constructor(initial: RsaKeyPair) {
    this.#current = initial;
  }

  /** The key pair that signs. */
  get current(): RsaKeyPair {
    return this.#current;
  }

  /** The JWK Set's keys at `nowMs`: the signing key first, then each retired one not withdrawn. */
  published(nowMs: number): PublishedJwk[] {
    this.#retired = this.#retired.filter((key) => nowMs < key.withdrawAtMs);
    return [this.#current.publicJwk, ...this.#retired.map((key) => key.publicJwk)];
  }

  /** Signs with `next` from now on; the current key stays published until `nowMs + overlapMs`. */
  rotate(next: RsaKeyPair, nowMs: number, overlapMs: number): SigningKeyRotation {
    const previous = this.#current.publicJwk;
    const withdrawAtMs = nowMs + overlapMs;
    this.#retired.unshift({ publicJwk: previous, withdrawAtMs });
    this.#current = next;
    return { kid: next.publicJwk.kid, previousKid: previous.kid, withdrawAtMs };
  }
}
