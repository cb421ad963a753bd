import { importJWK, importPKCS8, importSPKI, importX509 } from 'jose';
import { ConfigurationError } from '../errors/configuration-error.js';

/** Asymmetric JWS algorithms the kit signs and verifies with. */
export type AsymmetricAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

/**
 * A key as users hold it: PEM text (PKCS#8 private, SPKI public or an X.509 certificate),
 * a JWK, or a Web Crypto `CryptoKey`.
 */
export type KeyInput = string | JsonWebKey | CryptoKey;

/** Options of {@link importPrivateKey} and {@link importPublicKey}. */
export interface ImportKeyOptions {
  /** What the key is called in errors (`APP_PRIVATE_KEY`, `privateKey`). Default `key`. */
  name?: string | undefined;
}

type KeyKind = 'private' | 'public';

const ALGORITHMS: readonly AsymmetricAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const MIN_RSA_BITS = 2048;
const PEM_LABEL = /-----BEGIN ([A-Z0-9 ]+)-----/;
const CONVERT: Record<string, string> = {
  'RSA PRIVATE KEY':
    'convert it to PKCS#8: `openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem`',
  'EC PRIVATE KEY':
    'convert it to PKCS#8: `openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem`',
  'RSA PUBLIC KEY':
    'convert it to SPKI: `openssl rsa -RSAPublicKey_in -in key.pem -pubout -out spki.pem`',
};

/** Web Crypto algorithm names that match each JWS algorithm. */
const WEB_CRYPTO_NAME: Record<AsymmetricAlgorithm, readonly string[]> = {
  RS256: ['RSASSA-PKCS1-v1_5'],
  PS256: ['RSA-PSS'],
  ES256: ['ECDSA'],
  EdDSA: ['Ed25519', 'EdDSA'],
};

function fail(message: string, cause?: unknown): never {
  throw new ConfigurationError({ message, ...(cause === undefined ? {} : { cause }) });
}

function isCryptoKey(key: unknown): key is CryptoKey {
  return Object.prototype.toString.call(key) === '[object CryptoKey]';
}

function checkArguments(key: unknown, alg: unknown, caller: string): void {
  if (!ALGORITHMS.includes(alg as AsymmetricAlgorithm)) {
    throw new TypeError(`${caller}: alg must be one of ${ALGORITHMS.join(', ')}`);
  }
  if (typeof key !== 'string' && (typeof key !== 'object' || key === null)) {
    throw new TypeError(
      `${caller}: key must be PEM text, a JWK object or a CryptoKey, got ${key === null ? 'null' : typeof key}`,
    );
  }
}

function checkCryptoKey(
  key: CryptoKey,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  name: string,
): CryptoKey {
  if (key.type !== kind) {
    fail(`${name} is a ${key.type} CryptoKey; a ${kind} key is needed`);
  }
  const usage = kind === 'private' ? 'sign' : 'verify';
  if (!key.usages.includes(usage)) fail(`${name} is a CryptoKey without the '${usage}' usage`);
  const algorithm = key.algorithm as KeyAlgorithm & {
    namedCurve?: string;
    modulusLength?: number;
    hash?: { name: string };
  };
  const rsa = alg === 'RS256' || alg === 'PS256';
  const matches =
    WEB_CRYPTO_NAME[alg].includes(algorithm.name) &&
    (alg !== 'ES256' || algorithm.namedCurve === 'P-256') &&
    (!rsa || algorithm.hash?.name === 'SHA-256');
  if (!matches) fail(`${name} is a ${algorithm.name} CryptoKey, which cannot be used for ${alg}`);
  if (typeof algorithm.modulusLength === 'number' && algorithm.modulusLength < MIN_RSA_BITS) {
    fail(
      `${name} is a ${algorithm.modulusLength}-bit RSA key; ${alg} needs at least ${MIN_RSA_BITS} bits`,
    );
  }
  return key;
}

async function importPem(
  pem: string,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  name: string,
): Promise<CryptoKey> {
  const label = PEM_LABEL.exec(pem)?.[1];
  if (label === undefined) {
    fail(
      `${name} is not PEM text (expected a '-----BEGIN ${kind === 'private' ? 'PRIVATE KEY' : 'PUBLIC KEY'}-----' block)`,
    );
  }
  if (label === 'ENCRYPTED PRIVATE KEY')
    fail(`${name} is an encrypted private key; decrypt it first`);
  const isPrivate = label.endsWith('PRIVATE KEY');
  const isPublic = label.endsWith('PUBLIC KEY') || label === 'CERTIFICATE';
  if (!isPrivate && !isPublic) fail(`${name} is a '${label}' PEM block, not a key`);
  if (kind === 'private' && isPublic) {
    fail(
      `${name} is a public key; a private key ('-----BEGIN PRIVATE KEY-----', PKCS#8) is needed to sign`,
    );
  }
  if (kind === 'public' && isPrivate) {
    fail(
      `${name} is a private key; give the public key ('-----BEGIN PUBLIC KEY-----' or a certificate)`,
    );
  }
  const conversion = CONVERT[label];
  if (conversion !== undefined) fail(`${name} is a '${label}' PEM; ${conversion}`);
  try {
    if (isPrivate) return await importPKCS8(pem, alg);
    if (label === 'CERTIFICATE') return await importX509(pem, alg);
    return await importSPKI(pem, alg);
  } catch (cause) {
    return fail(`${name} is not a valid ${alg} ${kind} key`, cause);
  }
}

async function importJwkKey(
  jwk: JsonWebKey,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  name: string,
): Promise<CryptoKey> {
  if (typeof jwk.kty !== 'string') fail(`${name} is not a JWK (no 'kty')`);
  if (jwk.kty === 'oct') fail(`${name} is a symmetric JWK; an asymmetric ${alg} key is needed`);
  const hasPrivatePart = typeof jwk.d === 'string';
  if (kind === 'private' && !hasPrivatePart) {
    fail(`${name} is a public JWK; a private JWK (with 'd') is needed to sign`);
  }
  if (kind === 'public' && hasPrivatePart) {
    fail(`${name} is a private JWK; give the public JWK (without 'd')`);
  }
  try {
    return (await importJWK(jwk as Parameters<typeof importJWK>[0], alg)) as CryptoKey;
  } catch (cause) {
    return fail(`${name} is not a valid ${alg} ${kind} JWK`, cause);
  }
}

async function importKey(
  key: KeyInput,
  kind: KeyKind,
  alg: AsymmetricAlgorithm,
  options: ImportKeyOptions | undefined,
  caller: string,
): Promise<CryptoKey> {
  checkArguments(key, alg, caller);
  const name = options?.name ?? 'key';
  const imported = isCryptoKey(key)
    ? key
    : typeof key === 'string'
      ? await importPem(key, kind, alg, name)
      : await importJwkKey(key, kind, alg, name);
  return checkCryptoKey(imported, kind, alg, name);
}

/**
 * Imports a private signing key for `alg` from PEM (PKCS#8), a private JWK or a `CryptoKey`.
 * RSA keys must be at least 2048 bits. A public key, a PKCS#1/SEC1 PEM (with the `openssl` line
 * to convert it), an encrypted key or a key of the wrong type is refused with a clear message
 * that never contains key material.
 *
 * @throws TypeError when `key` or `alg` has the wrong type.
 * @throws ConfigurationError when the key cannot sign with `alg`.
 * @example
 * const key = await importPrivateKey(config.appPrivateKey, 'RS256', { name: 'APP_PRIVATE_KEY' });
 */
export function importPrivateKey(
  key: KeyInput,
  alg: AsymmetricAlgorithm,
  options?: ImportKeyOptions,
): Promise<CryptoKey> {
  return importKey(key, 'private', alg, options, 'importPrivateKey');
}

/**
 * Imports a public verification key for `alg` from PEM (SPKI or an X.509 certificate), a public
 * JWK or a `CryptoKey`. A private key is refused: verifiers should never hold one.
 *
 * @throws TypeError when `key` or `alg` has the wrong type.
 * @throws ConfigurationError when the key cannot verify `alg`.
 * @example
 * const key = await importPublicKey(publicPem, 'RS256', { name: 'APP_PUBLIC_KEY' });
 */
export function importPublicKey(
  key: KeyInput,
  alg: AsymmetricAlgorithm,
  options?: ImportKeyOptions,
): Promise<CryptoKey> {
  return importKey(key, 'public', alg, options, 'importPublicKey');
}
