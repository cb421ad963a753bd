import { calculateJwkThumbprint, exportJWK, type JWK, SignJWT } from 'jose';
import { jwtPayloadOf } from '../adapter-kit/check-issued-token.js';
import { dpopAlgorithmOf } from '../adapter-kit/dpop-algorithm.js';
import { isDpopNonce } from '../adapter-kit/dpop-nonce-memory.js';
import {
  createTokenRequestDpop,
  type TokenRequestDpop,
} from '../adapter-kit/dpop-token-request.js';
import { isCryptoKey } from '../adapter-kit/is-crypto-key.js';
import { randomJti } from '../adapter-kit/random-jti.js';
import { checkValue } from '../config/check-option.js';
import { readOptions } from '../config/read-options.js';
import type { KnownOptions } from '../config/refuse-unknown-options.js';
import { type Clock, systemClock } from '../contracts/clock.js';
import type { RandomBytes } from '../contracts/random.js';
import { webCryptoRandomBytes } from '../contracts/random.js';
import { sha256Base64url } from '../jwt/sha256-base64url.js';

/**
 * The request one DPoP proof is made for (RFC 9449 §4.2). The shape of `@dual-auth/client`'s
 * `DpopProofRequest`, so that {@link DpopProver.proof} is a `dpopProof` as it is.
 */
export interface DpopProofFor {
  /** `htm`: the HTTP method (`POST` for a token request). */
  readonly method: string;
  /** `htu`: the request URL; its query and fragment are left out of the proof. */
  readonly url: string;
  /** The access token sent with the request, for `ath` (§4.2); none for a token request. */
  readonly accessToken?: string | undefined;
  /** `nonce`: the server's latest `DPoP-Nonce` (§8, §9), when it sent one. */
  readonly nonce?: string | undefined;
}

/** The proofs of one DPoP key pair, made by {@link createDpopProver}. */
export interface DpopProver {
  /** The proofs' JWS `alg` (`ES256`, `RS256`, `EdDSA` …), from the key. */
  readonly alg: string;
  /**
   * A random id of this prover (and so of its key), part of an adapter's `id`: a token cache
   * never hands a token bound to one key to an adapter proving with another, or to one without.
   * A hand-made prover gives each key pair its own: 1 to 256 visible ASCII characters, no spaces
   * (the adapter refuses others with a `TypeError`).
   */
  readonly id: string;
  /**
   * A fresh proof for one request (`typ` `dpop+jwt`, the public `jwk`, a new `jti`, `htm`, `htu`,
   * `iat`, and `ath`/`nonce` when given): pass it as the client's `dpopProof` unchanged.
   *
   * @throws TypeError when `method` or `url` is not one an HTTP request has, or `nonce` is not
   *   `1*NQCHAR` of at most 1024 characters (RFC 9449 §8.1), or `accessToken` is a JWT bound to
   *   another key (its `cnf.jkt` is not this prover's thumbprint, §6.1: any API refuses it).
   */
  readonly proof: (request: DpopProofFor) => Promise<string>;
  /** The public key's RFC 7638 SHA-256 thumbprint: the `cnf.jkt` a bound token carries (§6.1). */
  readonly thumbprint: () => Promise<string>;
  /**
   * What one adapter's token requests need (its own `DPoP-Nonce` memory, §8): the adapter kit
   * calls it once per adapter with the `dpop` option.
   */
  readonly tokenRequests: (options: { acceptUnboundTokens: boolean }) => TokenRequestDpop;
}

/** What {@link createDpopProver} takes. */
export interface DpopProverOptions {
  /**
   * The key pair tokens are bound to: an asymmetric Web Crypto pair (ECDSA P-256/384/521, RSA
   * PKCS#1 v1.5 or PSS of 2048 bits or more, Ed25519), both halves of one key, whose private key
   * is **not extractable** and may `sign`.
   */
  keyPair: CryptoKeyPair;
  /** `iat` of each proof. Default: the system clock. */
  clock?: Clock | undefined;
  /** The bytes of each `jti` (not of the prover's `id`). Default: Web Crypto's CSPRNG. */
  random?: RandomBytes | undefined;
}

const PROVER_OPTIONS = {
  keyPair: true,
  clock: true,
  random: true,
} as const satisfies KnownOptions<DpopProverOptions>;

const NOT_A_PAIR =
  'createDpopProver: keyPair must be a CryptoKeyPair (crypto.subtle.generateKey(…, false, ["sign", "verify"]) or jose generateKeyPair)';
const HTTP_METHOD = /^[A-Z]+$/;
const BAD_NONCE =
  'DPoP proof: nonce must be the server\'s DPoP-Nonce as sent, 1 to 1024 visible ASCII characters without space, " or \\ (RFC 9449 §8.1); pass undefined when it sent none';

const OTHER_KEY =
  "DPoP proof: the access token is bound to another key than this prover's (its cnf.jkt, RFC 9449 §6.1): pass as dpopProof the proof of the prover the token was issued for (the adapter's dpop.prover)";

/** RFC 7518 §3.3 and §3.5: RSA signing keys of 2048 bits or more (jose refuses less when signing). */
const MIN_RSA_BITS = 2048;

/** What both halves of one pair share: algorithm, curve, hash and RSA size. */
function keyShape(key: CryptoKey): string {
  const { name, namedCurve, hash, modulusLength } = key.algorithm as {
    name: string;
    namedCurve?: string;
    hash?: { name: string };
    modulusLength?: number;
  };
  return `${name} ${namedCurve ?? ''} ${hash?.name ?? ''} ${modulusLength ?? ''}`;
}

/** The key pair of `options`, checked so that every proof it makes can be sent. */
function checkKeyPair(keyPair: unknown): { pair: CryptoKeyPair; alg: string } {
  const pair = keyPair as Partial<CryptoKeyPair> | undefined;
  const { privateKey, publicKey } = pair ?? {};
  if (!isCryptoKey(privateKey) || !isCryptoKey(publicKey)) throw new TypeError(NOT_A_PAIR);
  if (privateKey.type !== 'private' || publicKey.type !== 'public') {
    throw new TypeError(`${NOT_A_PAIR}: its privateKey must be private, its publicKey public`);
  }
  const alg = dpopAlgorithmOf(privateKey);
  if (alg === undefined) {
    throw new TypeError(
      `createDpopProver: a ${privateKey.algorithm.name} key cannot sign DPoP proofs; use an asymmetric pair (ES256: { name: "ECDSA", namedCurve: "P-256" }, RS256, PS256 or Ed25519), RFC 9449 §4.2`,
    );
  }
  // The proof carries the public key and is signed with the private one: halves of two keys make
  // proofs that no server verifies, and a cnf.jkt the private key never proves.
  if (keyShape(publicKey) !== keyShape(privateKey)) {
    throw new TypeError(
      'createDpopProver: keyPair.publicKey is not the public half of privateKey (another algorithm, curve, hash or size); pass both keys of one generateKey call',
    );
  }
  const { modulusLength } = privateKey.algorithm as { modulusLength?: number };
  if (modulusLength !== undefined && modulusLength < MIN_RSA_BITS) {
    throw new TypeError(
      `createDpopProver: the RSA key has ${modulusLength} bits; DPoP proofs need ${MIN_RSA_BITS} or more (RFC 7518 §3.3), or use an ECDSA P-256 key`,
    );
  }
  if (privateKey.extractable) {
    throw new TypeError(
      'createDpopProver: the private key is extractable; make it with extractable false (generateKey(…, false, …), importKey(…, false, …)) so that no code can copy the key the tokens are bound to (RFC 9449 §11.4)',
    );
  }
  if (!privateKey.usages.includes('sign')) {
    throw new TypeError('createDpopProver: the private key must allow "sign" in its usages');
  }
  return { pair: { privateKey, publicKey }, alg };
}

/** `htm` and `htu` (RFC 9449 §4.2: the URL without query and fragment) of `request`. */
function target(request: DpopProofFor): { htm: string; htu: string } {
  const method = request?.method;
  if (typeof method !== 'string' || !HTTP_METHOD.test(method)) {
    throw new TypeError('DPoP proof: method must be an upper-case HTTP method (POST)');
  }
  let url: URL | undefined;
  try {
    url = new URL(String(request.url));
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new TypeError('DPoP proof: url must be an absolute http(s) URL');
  }
  return { htm: method, htu: `${url.origin}${url.pathname}` };
}

/**
 * Makes the DPoP proofs (RFC 9449 §4.2) of one key pair with `jose`: for an adapter's token
 * requests (its `dpop: { prover }` option, §5) and for the API calls that send the bound token
 * (the client's `dpopProof`, §7). The key pair is checked here, before any request: an asymmetric
 * algorithm (§4.2 forbids `none` and MACs) and a private key that cannot be exported, since
 * whoever copies it can use every token bound to it (§11.4).
 *
 * @throws TypeError without options, when `keyPair` is not such a pair (its halves of two keys,
 *   an RSA key under 2048 bits), or on an unknown option.
 * @example
 * const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
 * const dpop = createDpopProver({ keyPair });
 * const adapter = new KeycloakAdapter(config, { dpop: { prover: dpop } });
 * await new InSessionApiCall().callApi({ apiUrl, tokenProvider, dpopProof: dpop.proof });
 */
export function createDpopProver(given: DpopProverOptions): DpopProver {
  // checkValue takes undefined as "not given": here the options are required.
  if (given === undefined) {
    throw new TypeError(
      'createDpopProver options must be an object: { keyPair }, a CryptoKeyPair whose private key is not extractable',
    );
  }
  checkValue(given, 'createDpopProver options', 'object');
  const options = readOptions(given, PROVER_OPTIONS, 'createDpopProver');
  const { pair, alg } = checkKeyPair(options.keyPair);
  const clock = checkValue(options.clock, 'options.clock', 'clock') ?? systemClock;
  const random = checkValue(options.random, 'options.random', 'function') ?? webCryptoRandomBytes;
  let publicJwk: Promise<JWK> | undefined;
  const jwk = (): Promise<JWK> => {
    publicJwk ??= exportJWK(pair.publicKey).then(({ kty, crv, x, y, n, e }) =>
      Object.fromEntries(Object.entries({ kty, crv, x, y, n, e }).filter(([, v]) => v)),
    );
    return publicJwk;
  };
  let ownJkt: Promise<string> | undefined;
  const thumbprint = (): Promise<string> => {
    ownJkt ??= jwk().then((key) => calculateJwkThumbprint(key, 'sha256'));
    return ownJkt;
  };
  const proof = async (request: DpopProofFor): Promise<string> => {
    const { htm, htu } = target(request);
    const { accessToken, nonce } = request;
    // A line break or quote in a signed nonce would reach the server's logs under our key.
    if (nonce !== undefined && !isDpopNonce(nonce)) throw new TypeError(BAD_NONCE);
    // A JWT access token bound to another key (cnf.jkt, §6.1: two adapters, two provers wired
    // crosswise) is refused by any API: say so before the request goes out. Decoded, not verified.
    const boundTo = typeof accessToken === 'string' ? jwtPayloadOf(accessToken)?.cnf : undefined;
    const jkt = (boundTo as { jkt?: unknown } | undefined)?.jkt;
    if (typeof jkt === 'string' && jkt !== (await thumbprint())) throw new TypeError(OTHER_KEY);
    return new SignJWT({
      jti: randomJti(random as RandomBytes),
      htm,
      htu,
      iat: Math.floor(clock.now() / 1000),
      ...(typeof accessToken === 'string' ? { ath: await sha256Base64url(accessToken) } : {}),
      ...(nonce === undefined ? {} : { nonce }),
    })
      .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: await jwk() })
      .sign(pair.privateKey);
  };
  return Object.freeze({
    alg,
    // Never the injected `random`: one that repeats (a test's) would give two keys one id.
    id: randomJti(),
    proof,
    thumbprint,
    tokenRequests: ({ acceptUnboundTokens }: { acceptUnboundTokens: boolean }) =>
      createTokenRequestDpop({ proof, thumbprint }, acceptUnboundTokens),
  });
}
