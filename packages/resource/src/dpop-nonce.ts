import { checkValue, type KnownOptions, ownOptions, REDACTED } from '@dual-auth/core';
import { decodeCanonicalBase64url, encodeBase64url } from '@dual-auth/core/jwt';
import { nonceSecretCopy } from './dpop-nonce-secret.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

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
   * logged nor printed. A new secret makes every nonce given out before it stale (clients get one
   * `use_dpop_nonce` 401 and retry with the new one) unless the old one is in `previousSecrets`.
   * Fewer bytes, or not a `Uint8Array`, throw a `TypeError` at creation, and so does a secret that
   * is obviously not random (RFC 2104 §3: an HMAC key is chosen at random; NIST SP 800-107 Rev. 1
   * §5.3.4): one byte repeated (`new Uint8Array(32)` without `getRandomValues` is zeros), text
   * (every byte printable ASCII: a password, or a base64 or hex secret not decoded to its bytes),
   * fewer than 16 distinct byte values, a block of at most 32 bytes repeated, or a counter. 32
   * random bytes pass these with certainty for any practical purpose (a chance below 1e-13).
   */
  secret: Uint8Array;
  /**
   * Secrets nonces were made with before `secret` replaced them, to rotate it without a retry
   * storm: a nonce made with one of them is accepted for the rest of its lifetime (`maxAgeSeconds`
   * plus the tolerance) and answered with a nonce of `secret`, which alone makes new ones. Drop
   * them once every instance has run with the new `secret` for that long. Rolling out to several
   * instances, first give each the new secret here (with the old as `secret`), then swap the two:
   * no instance then refuses a nonce another one gave out. Each is checked as `secret` is; at most
   * 3, none equal to `secret`, else a `TypeError` at creation. Default none.
   */
  previousSecrets?: readonly Uint8Array[];
  /**
   * Where a proof's creation time comes from (RFC 9449 §4.3 point 11: "either the iat claim or a
   * server managed timestamp via the nonce claim"; §11.1). `'nonce'` (default): the nonce's issue
   * time, which this API wrote: a proof is accepted while its nonce is (so `maxAgeSeconds` bounds
   * its lifetime, not `dpop.proofMaxAgeSeconds`), whatever the client's clock put in `iat`, which
   * must still be there (§4.2), and its `jti` is remembered that long. `'iat'`: the proof's `iat`
   * must also be within `dpop.proofMaxAgeSeconds`, as without nonces. Anything else throws a
   * `TypeError` at creation.
   */
  creationTimeFrom?: 'nonce' | 'iat';
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
  previousSecrets: true,
  creationTimeFrom: true,
} as const satisfies KnownOptions<DpopNonceOptions>;

const LABEL = 'DPoP proof';
const MAX_PREVIOUS_SECRETS = 3;
const DEFAULT_MAX_AGE_SECONDS = 300;
/** The longest `maxAgeSeconds` any guard accepts: how long any instance may accept a nonce. */
export const MAX_MAX_AGE_SECONDS = 86_400;
// A nonce is one version byte, the issue time (seconds, 64-bit big-endian) and the full MAC
// (HMAC-SHA-256, 32 bytes): 41 bytes, 55 base64url characters (41 * 8 / 6 rounded up), within
// RFC 9449 §8.1's NQCHAR. Literals, not arithmetic: a bundle that never makes a nonce drops them.
const VERSION = 1;
const NONCE_BYTES = 41;
const NONCE_LENGTH = 55;
// The MAC covers this label too: a secret reused for something else never yields a nonce.
const CONTEXT = /* @__PURE__ */ (() => new TextEncoder().encode('dual-auth DPoP-Nonce v1\0'))();

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
// `hint` goes to the operator's log only (the guard's `dual_auth_refusal_hint`), never to the
// client: it names this API's settings.
function refuseNonce(
  reason: 'missing_claim' | 'malformed' | 'expired' | 'issued_in_future',
  hint?: string,
): never {
  const phrase = {
    missing_claim: 'has no "nonce" claim',
    malformed: 'carries a "nonce" this API did not issue',
    expired: 'carries a "nonce" that is too old',
    issued_in_future: 'carries a "nonce" dated in the future',
  }[reason];
  throw new DualSubjectVerificationError({
    credential: 'dpop_proof',
    reason,
    claim: 'nonce',
    message: `${LABEL} ${phrase}: make a new proof with this answer's DPoP-Nonce`,
    hint,
  });
}

// A nonce of the form this API issues whose MAC no secret here verifies: most often another
// process's, given another secret. Behind round robin each process refuses the other's nonces and
// every call fails after its retry, so the operator is told the setting at fault.
const FOREIGN_NONCE =
  'no secret here made it: processes behind one URL must share dpop.nonce.secret (and previousSecrets), else behind round robin each refuses the nonces of the others, every call failing after its retry';

/** What the nonce of a proof was, once accepted. */
export interface AcceptedNonce {
  /** True when it is the one the guard issues now, or newer: no `DPoP-Nonce` needs to go back. */
  current: boolean;
  /** The last second (since the epoch) it is accepted, with the tolerance it was checked with. */
  acceptedUntilSeconds: number;
}

/**
 * Issues and checks a guard's DPoP nonces (see {@link DpopNonceOptions}). Prints as
 * `DpopNonces { maxAgeSeconds: 300, secret: '***REDACTED***' }` in `String`, `JSON` and
 * `util.inspect`.
 */
export class DpopNonces {
  readonly maxAgeSeconds: number;
  /** See {@link DpopNonceOptions.creationTimeFrom}. */
  readonly creationTimeFrom: 'nonce' | 'iat';
  readonly #stepSeconds: number;
  #secrets: Uint8Array[] | undefined;
  #keys: Promise<CryptoKey[]> | undefined;
  #issued: { at: number; nonce: Promise<string> } | undefined;

  /** `secrets`: the one nonces are made with, then those they are still accepted with. */
  constructor(
    secrets: readonly Uint8Array[],
    maxAgeSeconds: number,
    creationTimeFrom: 'nonce' | 'iat' = 'nonce',
  ) {
    this.#secrets = secrets.map((secret) => new Uint8Array(secret));
    this.maxAgeSeconds = maxAgeSeconds;
    this.creationTimeFrom = creationTimeFrom;
    this.#stepSeconds = Math.floor(maxAgeSeconds / 2);
    // Not an `[inspect.custom]()` member: esbuild keeps a class with a computed member in every
    // bundle of the published dist, used or not (evanw/esbuild#3189).
    Object.defineProperty(this, Symbol.for('nodejs.util.inspect.custom'), {
      value: () => this.toString(),
    });
  }

  // The current secret's key first: a nonce of a previous one costs one more HMAC per secret.
  #hmacKeys(): Promise<CryptoKey[]> {
    if (this.#keys === undefined) {
      const secrets = this.#secrets as Uint8Array<ArrayBuffer>[];
      this.#keys = Promise.all(
        secrets.map((secret) =>
          crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
            'sign',
            'verify',
          ]),
        ),
      ).finally(() => {
        for (const secret of secrets) secret.fill(0);
      });
      this.#secrets = undefined;
    }
    return this.#keys;
  }

  // The index of the key that made `mac`, or -1.
  async #signer(mac: Uint8Array<ArrayBuffer>, time: Uint8Array): Promise<number> {
    const keys = await this.#hmacKeys();
    for (const [index, key] of keys.entries()) {
      if (await crypto.subtle.verify('HMAC', key, mac, signed(time))) return index;
    }
    return -1;
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
      const nonce = this.#hmacKeys()
        .then(([key]) => crypto.subtle.sign('HMAC', key as CryptoKey, signed(time)))
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
   * then the MAC, compared by Web Crypto's verify in constant time, under the current secret then
   * each previous one; a previous one's nonce is never current), no older than
   * `maxAgeSeconds` nor dated later than now, both with `toleranceSeconds`.
   *
   * @throws DualSubjectVerificationError credential `dpop_proof`, claim `nonce`: `missing_claim`,
   *   `malformed` (a wrong type, length or encoding; a forged MAC or another secret's, its `hint`,
   *   for the operator's log only, saying that processes behind one URL must share
   *   `dpop.nonce.secret`), `expired`, `issued_in_future`.
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
    const signer = await this.#signer(mac, time);
    if (signer < 0) refuseNonce('malformed', FOREIGN_NONCE);
    const issuedAt = Number(new DataView(time.buffer).getBigUint64(1));
    const nowSeconds = nowMs / 1000;
    const acceptedUntilSeconds = issuedAt + this.maxAgeSeconds + toleranceSeconds;
    if (issuedAt > nowSeconds + toleranceSeconds) refuseNonce('issued_in_future');
    if (nowSeconds > acceptedUntilSeconds) refuseNonce('expired');
    // A nonce of an instance whose clock is ahead is as new as ours: no older one goes back.
    return { current: signer === 0 && issuedAt >= this.#issueTime(nowMs), acceptedUntilSeconds };
  }

  toJSON(): Record<string, unknown> {
    return { maxAgeSeconds: this.maxAgeSeconds, secret: REDACTED };
  }

  toString(): string {
    return `DpopNonces { maxAgeSeconds: ${this.maxAgeSeconds}, secret: '${REDACTED}' }`;
  }
}

/**
 * The `dpop.nonce` option checked (own properties only; unknown ones the guard refused) and
 * resolved; `undefined` when not given. Every copy of a secret made here is zeroed before it
 * returns or throws: the nonces keep their own until they import them.
 *
 * @param copyOf - Copies each secret (a seam for tests: they read the copies back).
 * @throws TypeError naming the wrong member, never its value.
 */
export function resolveDpopNonces(
  given: DpopNonceOptions | undefined,
  copyOf?: (value: unknown) => Uint8Array | undefined,
): DpopNonces | undefined {
  if (given === undefined) return undefined;
  checkValue(given, 'options.dpop.nonce', 'object');
  const options = ownOptions(given);
  const { creationTimeFrom = 'nonce', maxAgeSeconds = DEFAULT_MAX_AGE_SECONDS } = options;
  if (creationTimeFrom !== 'nonce' && creationTimeFrom !== 'iat') {
    throw new TypeError(
      "options.dpop.nonce.creationTimeFrom must be 'nonce' (default) or 'iat' (RFC 9449 §4.3 point 11)",
    );
  }
  if (
    !Number.isInteger(maxAgeSeconds) ||
    maxAgeSeconds < 2 ||
    maxAgeSeconds > MAX_MAX_AGE_SECONDS
  ) {
    throw new TypeError(
      `options.dpop.nonce.maxAgeSeconds must be a whole number of seconds from 2 to ${MAX_MAX_AGE_SECONDS}`,
    );
  }
  const secrets: Uint8Array[] = [];
  try {
    secrets.push(nonceSecretCopy(options.secret, 'options.dpop.nonce.secret', copyOf));
    copyPreviousSecrets(options.previousSecrets, secrets, copyOf);
    return new DpopNonces(secrets, maxAgeSeconds, creationTimeFrom);
  } finally {
    for (const copy of secrets) copy.fill(0);
  }
}

// Each previous secret checked as the current one (`secrets[0]`) is, its copy pushed onto
// `secrets` as soon as it is made (the caller zeroes them all, also when a later one is refused);
// a bounded list, since a forged nonce costs one HMAC per secret.
function copyPreviousSecrets(
  value: unknown,
  secrets: Uint8Array[],
  copyOf: ((value: unknown) => Uint8Array | undefined) | undefined,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length > MAX_PREVIOUS_SECRETS) {
    throw new TypeError(
      `options.dpop.nonce.previousSecrets must be an array of at most ${MAX_PREVIOUS_SECRETS} secrets nonces were made with before options.dpop.nonce.secret (drop each once maxAgeSeconds have passed since it was replaced)`,
    );
  }
  const [secret] = secrets as [Uint8Array];
  for (const [index, previous] of Array.from(value as unknown[]).entries()) {
    const name = `options.dpop.nonce.previousSecrets[${index}]`;
    const copy = nonceSecretCopy(previous, name, copyOf);
    secrets.push(copy);
    if (copy.length === secret.length && copy.every((byte, i) => byte === secret[i])) {
      throw new TypeError(
        `${name} is the current secret (options.dpop.nonce.secret): list only secrets it replaced`,
      );
    }
  }
}
