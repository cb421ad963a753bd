import type { Clock, ReplayStore, Vendor } from '@dual-auth/core';
import type { JWK, JWTVerifyGetKey } from 'jose';
import { VENDOR_CLAIMS } from './vendor-claims.js';

// The vendors whose claims this package knows (core's closed list is gone: vendors are open).
const VENDORS = Object.keys(VENDOR_CLAIMS);

/**
 * Keys that verify a JWT: a remote or local JWKS resolver ({@link createRemoteJwks}, jose's
 * `createLocalJWKSet`), a public `CryptoKey`, a public JWK, or SPKI / X.509 certificate PEM text.
 */
export type VerificationKeys = JWTVerifyGetKey | CryptoKey | JWK | string;

/** How to check the Entra ID act assertion (`X-Act-Assertion`), the human half of an Entra request. */
export interface EntraActAssertionOptions {
  /** `API_AUDIENCE`: the assertion's expected `aud`. */
  actAudience: string | readonly string[];
  /** The application's public key(s): PEM, JWK, `CryptoKey` or a JWKS resolver. */
  appKeys: VerificationKeys;
  /**
   * Remembers assertion `jti`s, each bound to the digest of the access token it first came with:
   * the same pair is accepted again, the assertion with any other token is a replay. Share one
   * store across requests (and a Redis one across instances): a fresh store per request gives no
   * protection. A store that ignores `claim`'s binding option accepts each assertion once only.
   */
  replayStore: ReplayStore;
  /** Longest accepted assertion lifetime (`exp` − `iat`); default 300 s, what the adapter mints. */
  maxLifetimeSeconds?: number;
  /** Default `['RS256']`. */
  algorithms?: readonly string[];
}

/** What verifying a dual-subject access token needs to know about its IdP. */
export interface DualSubjectVerifyOptions {
  vendor: Vendor;
  /** Expected `iss` (Keycloak realm URL, `https://<tenant>/`, the Okta AS URL, `https://sts.windows.net/<tenant>/`). */
  issuer: string | readonly string[];
  /** Expected `aud`: the API identifier. */
  audience: string | readonly string[];
  /** The IdP's signing keys; usually `createRemoteJwks(jwksUri)`, created once and reused. */
  keys: VerificationKeys;
  /** Accepted signature algorithms; default `['RS256']`. `none` and HMAC are never accepted. */
  algorithms?: readonly string[];
  /** Leeway for `exp`, `nbf` and `iat`, in seconds; default 15. */
  clockToleranceSeconds?: number;
  /** Longest accepted token, in characters; default 16384. */
  maxTokenLength?: number;
  clock?: Clock;
  /** Required when `vendor` is `entraid`. */
  entra?: EntraActAssertionOptions;
}

const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$|^ES256K$/;

/** Throws `TypeError` naming the first wrong option. */
export function assertVerifyOptions(options: DualSubjectVerifyOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('dual-subject verification options must be an object');
  }
  if (!VENDORS.includes(options.vendor)) {
    throw new TypeError(`options.vendor must be one of ${VENDORS.join(', ')}`);
  }
  assertNonEmpty(options.issuer, 'options.issuer');
  assertNonEmpty(options.audience, 'options.audience');
  assertKeys(options.keys, 'options.keys');
  assertAlgorithms(options.algorithms, 'options.algorithms');
  assertPositive(options.clockToleranceSeconds, 'options.clockToleranceSeconds', true);
  assertPositive(options.maxTokenLength, 'options.maxTokenLength');
  if (options.clock !== undefined && typeof options.clock?.now !== 'function') {
    throw new TypeError('options.clock must have a now() method');
  }
  if (options.vendor === 'entraid') assertEntra(options.entra);
}

function assertEntra(entra: EntraActAssertionOptions | undefined): void {
  if (typeof entra !== 'object' || entra === null) {
    throw new TypeError(
      'options.entra is required for vendor entraid: { actAudience, appKeys, replayStore }',
    );
  }
  assertNonEmpty(entra.actAudience, 'options.entra.actAudience');
  assertKeys(entra.appKeys, 'options.entra.appKeys');
  if (typeof entra.replayStore?.claim !== 'function') {
    throw new TypeError(
      'options.entra.replayStore must be a ReplayStore (claim(jti, expiresAt, { binding }))',
    );
  }
  assertPositive(entra.maxLifetimeSeconds, 'options.entra.maxLifetimeSeconds');
  assertAlgorithms(entra.algorithms, 'options.entra.algorithms');
}

function assertNonEmpty(value: unknown, name: string): void {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((item) => typeof item === 'string' && item.length > 0)) {
    throw new TypeError(`${name} must be a non-empty string or a non-empty array of them`);
  }
}

function assertKeys(value: unknown, name: string): void {
  const ok =
    typeof value === 'function' ||
    (typeof value === 'string' && /-----BEGIN (PUBLIC KEY|CERTIFICATE)-----/.test(value)) ||
    (typeof value === 'object' && value !== null);
  if (!ok) {
    throw new TypeError(
      `${name} must be a JWKS resolver, a CryptoKey, a JWK, or SPKI/certificate PEM text`,
    );
  }
}

function assertAlgorithms(value: unknown, name: string): void {
  if (value === undefined) return;
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    !value.every((alg) => typeof alg === 'string' && ASYMMETRIC.test(alg))
  ) {
    throw new TypeError(
      `${name} must list asymmetric JWS algorithms (RS256, PS256, ES256, EdDSA…)`,
    );
  }
}

function assertPositive(value: unknown, name: string, zeroOk = false): void {
  if (value === undefined) return;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (!zeroOk && value === 0)
  ) {
    throw new TypeError(`${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number`);
  }
}
