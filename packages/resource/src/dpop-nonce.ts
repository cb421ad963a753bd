import { checkValue, type KnownOptions, ownOptions, REDACTED } from '@dual-auth/core';
import { decodeCanonicalBase64url, encodeBase64url, refuseJwt } from '@dual-auth/core/jwt';

/**
 * Server-provided nonces for DPoP proofs (RFC 9449 §8, §9), stateless: each nonce is its issue
 * time and an HMAC-SHA-256 of it under `secret`, so every instance of the API given the same
 * secret issues and accepts the same nonces without sharing any store.
 */
export interface DpopNonceOptions {
  /**
   * The HMAC-SHA-256 key nonces are made and checked with: at least 32 random bytes
   * (`crypto.getRandomValues(new Uint8Array(32))`, kept in your secret store), the same for every
   * instance of the API. Copied at creation, imported as a non-extractable Web Crypto key, never
   * logged nor printed. A new secret makes every nonce given out before it stale: clients get one
   * `use_dpop_nonce` 401 and retry with the new one. Fewer bytes, or not a `Uint8Array`, throw a
   * `TypeError` at creation, and so does one byte repeated (`new Uint8Array(32)` without
   * `getRandomValues` is zeros).
   */
  secret: Uint8Array;
  /**
   * How long after it was issued a nonce is accepted, in seconds, plus the guard's
   * `clockToleranceSeconds` (instances' clocks may differ); a new nonce is issued every half of
   * it, so a client that sends the latest `DPoP-Nonce` it got never sends a stale one. It bounds
   * how far ahead a proof can be made (RFC 9449 §11.1, §11.2). Default 300. A whole number from 2
   * to 86 400, else a `TypeError` at creation.
   */
  maxAgeSeconds?: number;
}

/** The option names of {@link DpopNonceOptions}, for `refuseUnknownOptions`. */
export const DPOP_NONCE_OPTIONS = {
  secret: true,
  maxAgeSeconds: true,
} as const satisfies KnownOptions<DpopNonceOptions>;

const LABEL = 'DPoP proof';
const MIN_SECRET_BYTES = 32;
const DEFAULT_MAX_AGE_SECONDS = 300;
const MAX_MAX_AGE_SECONDS = 86_400;
// A nonce is one version byte, the issue time (seconds, 64-bit big-endian) and the full MAC:
// 41 bytes, 55 base64url characters, within RFC 9449 §8.1's NQCHAR.
const VERSION = 1;
const MAC_BYTES = 32;
const NONCE_BYTES = 1 + 8 + MAC_BYTES;
const NONCE_LENGTH = Math.ceil((NONCE_BYTES * 8) / 6);
// The MAC covers this label too: a secret reused for something else never yields a nonce.
const CONTEXT = new TextEncoder().encode('dual-auth DPoP-Nonce v1\0');

function signed(issuedAt: Uint8Array): Uint8Array<ArrayBuffer> {
  const input = new Uint8Array(CONTEXT.length + issuedAt.length);
  input.set(CONTEXT);
  input.set(issuedAt, CONTEXT.length);
  return input;
}

function timeBytes(seconds: number): Uint8Array {
  const bytes = new Uint8Array(9);
  bytes[0] = VERSION;
  new DataView(bytes.buffer).setBigUint64(1, BigInt(seconds));
  return bytes;
}

// A refusal the guard answers `use_dpop_nonce` with a fresh nonce (it names the claim `nonce`).
function refuseNonce(reason: 'missing_claim' | 'malformed' | 'expired' | 'issued_in_future') {
  const phrase = {
    missing_claim: 'has no "nonce" claim',
    malformed: 'carries a "nonce" this API did not issue',
    expired: 'carries a "nonce" that is too old',
    issued_in_future: 'carries a "nonce" dated in the future',
  }[reason];
  return refuseJwt(LABEL, reason, `${phrase}: make a new proof with this answer's DPoP-Nonce`, {
    claim: 'nonce',
  });
}

/** What the nonce of a proof was, once accepted. */
export interface AcceptedNonce {
  /** True when it is the one the guard issues now, or newer: no `DPoP-Nonce` needs to go back. */
  current: boolean;
}

/**
 * Issues and checks a guard's DPoP nonces (see {@link DpopNonceOptions}). Prints as
 * `DpopNonces { maxAgeSeconds: 300, secret: '***REDACTED***' }` in `String`, `JSON` and
 * `util.inspect`.
 */
export class DpopNonces {
  readonly maxAgeSeconds: number;
  readonly #stepSeconds: number;
  #secret: Uint8Array | undefined;
  #key: Promise<CryptoKey> | undefined;
  #issued: { at: number; nonce: Promise<string> } | undefined;

  constructor(secret: Uint8Array, maxAgeSeconds: number) {
    this.#secret = new Uint8Array(secret);
    this.maxAgeSeconds = maxAgeSeconds;
    this.#stepSeconds = Math.floor(maxAgeSeconds / 2);
  }

  #hmacKey(): Promise<CryptoKey> {
    if (this.#key === undefined) {
      const secret = this.#secret as Uint8Array<ArrayBuffer>;
      this.#key = crypto.subtle
        .importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
        .finally(() => secret.fill(0));
      this.#secret = undefined;
    }
    return this.#key;
  }

  // Issue times are whole multiples of the step: every instance issues the same nonce meanwhile.
  #issueTime(nowMs: number): number {
    const seconds = Math.floor(nowMs / 1000);
    return seconds - (seconds % this.#stepSeconds);
  }

  /**
   * The nonce to send now (RFC 9449 §8.1 `DPoP-Nonce`): one MAC per step, shared by every
   * answer meanwhile, so answering unauthenticated requests with it costs no cryptography.
   */
  current(nowMs: number): Promise<string> {
    const at = this.#issueTime(nowMs);
    if (this.#issued?.at !== at) {
      const time = timeBytes(at);
      const nonce = this.#hmacKey()
        .then((key) => crypto.subtle.sign('HMAC', key, signed(time)))
        .then((mac) => {
          const bytes = new Uint8Array(NONCE_BYTES);
          bytes.set(time);
          bytes.set(new Uint8Array(mac), time.length);
          return encodeBase64url(bytes);
        });
      this.#issued = { at, nonce };
    }
    return this.#issued.nonce;
  }

  /**
   * Checks a proof's `nonce` claim: one this API issued (length and canonical base64url first,
   * then the MAC, compared by Web Crypto's verify in constant time), no older than
   * `maxAgeSeconds` nor dated later than now, both with `toleranceSeconds`.
   *
   * @throws ActVerificationError claim `nonce`: `missing_claim`, `malformed` (a wrong type,
   *   length or encoding, a forged MAC or another secret's), `expired`, `issued_in_future`.
   */
  async check(nonce: unknown, nowMs: number, toleranceSeconds: number): Promise<AcceptedNonce> {
    if (nonce === undefined) refuseNonce('missing_claim');
    // Bounded before any decoding: a 55-character canonical base64url string, nothing else.
    const bytes =
      typeof nonce === 'string' && nonce.length === NONCE_LENGTH
        ? decodeCanonicalBase64url(nonce)
        : undefined;
    if (bytes === undefined || bytes.length !== NONCE_BYTES || bytes[0] !== VERSION) {
      return refuseNonce('malformed');
    }
    const time = bytes.slice(0, 9);
    const mac = bytes.slice(9);
    const key = await this.#hmacKey();
    if (!(await crypto.subtle.verify('HMAC', key, mac, signed(time)))) refuseNonce('malformed');
    const issuedAt = Number(new DataView(time.buffer).getBigUint64(1));
    const nowSeconds = nowMs / 1000;
    if (issuedAt > nowSeconds + toleranceSeconds) refuseNonce('issued_in_future');
    if (issuedAt < nowSeconds - this.maxAgeSeconds - toleranceSeconds) refuseNonce('expired');
    // A nonce of an instance whose clock is ahead is as new as ours: no older one goes back.
    return { current: issuedAt >= this.#issueTime(nowMs) };
  }

  toJSON(): Record<string, unknown> {
    return { maxAgeSeconds: this.maxAgeSeconds, secret: REDACTED };
  }

  toString(): string {
    return `DpopNonces { maxAgeSeconds: ${this.maxAgeSeconds}, secret: '${REDACTED}' }`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/**
 * The `dpop.nonce` option checked (own properties only; unknown ones the guard refused) and
 * resolved; `undefined` when not given.
 *
 * @throws TypeError naming the wrong member, never its value.
 */
export function resolveDpopNonces(given: DpopNonceOptions | undefined): DpopNonces | undefined {
  if (given === undefined) return undefined;
  checkValue(given, 'options.dpop.nonce', 'object');
  const options = ownOptions(given);
  const secret = secretCopy(options.secret);
  if (secret === undefined || secret.length < MIN_SECRET_BYTES) {
    throw new TypeError(
      `options.dpop.nonce.secret must be a Uint8Array of at least ${MIN_SECRET_BYTES} random bytes (crypto.getRandomValues(new Uint8Array(32)), kept in your secret store), the same for every instance of the API`,
    );
  }
  if (secret.every((byte) => byte === secret[0])) {
    throw new TypeError(
      'options.dpop.nonce.secret is one byte repeated, not random: anyone could make nonces with it; use crypto.getRandomValues(new Uint8Array(32)), kept in your secret store',
    );
  }
  const maxAgeSeconds = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
  if (
    !Number.isInteger(maxAgeSeconds) ||
    maxAgeSeconds < 2 ||
    maxAgeSeconds > MAX_MAX_AGE_SECONDS
  ) {
    throw new TypeError(
      `options.dpop.nonce.maxAgeSeconds must be a whole number of seconds from 2 to ${MAX_MAX_AGE_SECONDS}`,
    );
  }
  const nonces = new DpopNonces(secret, maxAgeSeconds);
  secret.fill(0);
  return nonces;
}

// The bytes themselves (a typed array's own length, not a `length` getter that may say more),
// or `undefined` for anything that is not a Uint8Array.
function secretCopy(value: unknown): Uint8Array | undefined {
  if (!(value instanceof Uint8Array)) return undefined;
  try {
    return new Uint8Array(value);
  } catch {
    return undefined;
  }
}
