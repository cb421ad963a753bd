import { parseJsonObject } from './json-segment.js';
import type { JwsAlgorithm } from './jws-algorithms.js';
import { keyFitsAlgorithm } from './jws-algorithms.js';
import { type CheckedJwtClaims, checkJwtClaims, type JwtClaimRules } from './jwt-claims.js';
import { keyFailure, refuseJwt } from './jwt-refusal.js';
import { type ParsedCompactJws, parseCompactJws } from './parse-compact-jws.js';
import { defaultSignatureVerifier, type SignatureVerifier } from './signature-verifier.js';
import { keyLookupFor, type VerificationKeys } from './verification-keys.js';

/** What {@link verifyJwt} checks a token against. */
export interface VerifyJwtOptions extends JwtClaimRules {
  /** The issuer's keys; PEM text and JWKs are imported once and reused across calls. */
  readonly keys: VerificationKeys;
  /** Allowed algorithms, fixed by the verifier (never read from the token). */
  readonly algorithms: readonly JwsAlgorithm[];
  /** Longest token accepted, in bytes. */
  readonly maxTokenBytes: number;
  /**
   * Expected `typ` header (RFC 8725 §3.11), compared without case and without an `application/`
   * prefix (`at+jwt` matches `application/at+jwt`); unchecked when undefined.
   */
  readonly typ?: string | undefined;
  /**
   * How signatures are checked. Default: {@link defaultSignatureVerifier} (on Node, `node:crypto`:
   * inline for a lone verification, on the thread pool when several are in flight; Web Crypto
   * elsewhere); all apply the same rules.
   */
  readonly signatureVerifier?: SignatureVerifier | undefined;
}

// RFC 7515 §4.1.9: a `typ` without "/" stands for "application/<typ>"; media types ignore case.
function mediaType(value: string): string {
  const lower = value.toLowerCase();
  return lower.includes('/') ? lower : `application/${lower}`;
}

function sameMediaType(actual: unknown, expected: string): boolean {
  return typeof actual === 'string' && mediaType(actual) === mediaType(expected);
}

/**
 * A verified JWT: its header, its claims, and the registered claims already checked. Header and
 * claims (and every object in them) are on a `null` prototype: only the token's own values count.
 */
export interface VerifiedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly checked: CheckedJwtClaims;
}

// A token naming no key is tried against a JWKS of at most this many keys that fit its algorithm:
// a lone key, or the two of a rotation. Beyond, a forged kid-less token would cost one signature
// check per published key (Session 10, breaker 18); every IdP we support names its key.
const MOST_KEYS_WITHOUT_KID = 2;

// Verifications under way in this process: the signature path depends on it (see
// defaultSignatureVerifier).
let inFlight = 0;

/**
 * The one JWT verification routine of dual-auth, shared by the act-JWT verifier of
 * `@dual-auth/session` and by `@dual-auth/resource`: strict compact parsing (size cap, canonical
 * base64url, each segment decoded once), an algorithm allow-list fixed by the verifier, no `crit`,
 * the key looked up (every key of a JWKS under the token's `kid` tried; a token without `kid` only
 * against a JWKS of at most two keys fitting its algorithm, see {@link VerificationKeys}) and checked against the algorithm's family,
 * the signature, then {@link checkJwtClaims}. Every refusal is an `ActVerificationError` whose
 * `reason` comes from one closed set and whose message starts with `label`; none contains the
 * token or a claim value.
 *
 * @throws ActVerificationError when the token is refused (see its `reason`).
 * @throws TypeError (a rejected promise) when `options` is not an object.
 * @example
 * const { claims } = await verifyJwt(token, {
 *   label: 'Access token',
 *   keys: createRemoteJwks('https://idp.example.com/jwks'),
 *   algorithms: ['RS256'],
 *   issuer: 'https://idp.example.com/',
 *   audience: 'finance-api',
 *   nowMs: Date.now(),
 *   clockToleranceSeconds: 15,
 *   maxTokenBytes: 16_384,
 * });
 */
export function verifyJwt(token: unknown, options: VerifyJwtOptions): Promise<VerifiedJwt> {
  // One type check before the hot path: `verifyJwt(token)` read `label` of undefined.
  if (typeof options !== 'object' || options === null) {
    return Promise.reject(
      new TypeError(
        'verifyJwt(token, options) needs its options: { label, keys, algorithms, issuer, audience, nowMs, clockToleranceSeconds, maxTokenBytes } (see its TSDoc example)',
      ),
    );
  }
  return verifyOnce(token, undefined, options);
}

/**
 * {@link verifyJwt} of a token already read by {@link parseCompactJws}, for a caller that reads
 * it before choosing the keys (the token's `iss` picking one issuer's keys): the token is parsed
 * once. `jws` must come from `parseCompactJws` with the same `maxTokenBytes` and `algorithms` as
 * `options`; its `alg` is checked against `options.algorithms` again.
 *
 * @throws ActVerificationError when the token is refused (see its `reason`).
 * @example
 * const jws = parseCompactJws(token, { label: 'Access token', maxTokenBytes: 16_384, algorithms: ['RS256'] });
 * const { claims } = await verifyParsedJwt(jws, { label: 'Access token', keys: keysFor(jws), algorithms: ['RS256'], maxTokenBytes: 16_384 });
 */
export function verifyParsedJwt(
  jws: ParsedCompactJws,
  options: VerifyJwtOptions,
): Promise<VerifiedJwt> {
  return verifyOnce(undefined, jws, options);
}

// One async frame for the whole verification, not a wrapper awaiting an inner one: its
// bookkeeping is main-thread work paid on every token (the exported functions only call it).
async function verifyOnce(
  token: unknown,
  parsed: ParsedCompactJws | undefined,
  options: VerifyJwtOptions,
): Promise<VerifiedJwt> {
  inFlight += 1;
  try {
    const { label } = options;
    const jws = parsed ?? parseCompactJws(token, options);
    if (parsed !== undefined && !options.algorithms.includes(parsed.alg)) {
      refuseJwt(label, 'unsupported_algorithm', 'uses an algorithm that is not allowed', {
        claim: 'alg',
      });
    }
    let candidates: readonly CryptoKey[];
    try {
      candidates = await keyLookupFor(options.keys)(jws);
    } catch (error) {
      const failure = keyFailure(error);
      refuseJwt(label, failure.reason, failure.phrase, failure.keepCause ? { cause: error } : {});
    }
    const usable = candidates.filter((key) => keyFitsAlgorithm(key, jws.alg));
    if (usable.length === 0) {
      refuseJwt(label, 'unknown_key', 'is signed with a key the issuer does not publish');
    }
    if (usable.length > MOST_KEYS_WITHOUT_KID && jws.header.kid === undefined) {
      refuseJwt(
        label,
        'unknown_key',
        `names no signing key while the issuer publishes ${usable.length}: the IdP must put the key's "kid" in the token header (RFC 7515 §4.1.4, RFC 7517 §4.5)`,
        { claim: 'kid' },
      );
    }
    const verifier = options.signatureVerifier ?? defaultSignatureVerifier(jws.alg, inFlight);
    let verified = false;
    for (const key of usable) {
      if (await verifier.verify(jws.alg, key, jws.signingInput, jws.signature)) {
        verified = true;
        break;
      }
    }
    if (!verified) refuseJwt(label, 'bad_signature', 'has an invalid signature');
    if (options.typ !== undefined && !sameMediaType(jws.header.typ, options.typ)) {
      refuseJwt(label, 'malformed', 'has an unexpected "typ" header', { claim: 'typ' });
    }
    const claims = parseJsonObject(jws.payload);
    if (claims === undefined)
      refuseJwt(label, 'malformed', 'payload is not a JSON object naming no member twice');
    return { header: jws.header, claims, checked: checkJwtClaims(claims, options) };
  } finally {
    inFlight -= 1;
  }
}
