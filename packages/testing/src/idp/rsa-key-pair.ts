import { calculateJwkThumbprint } from 'jose';
import { toPem } from '../tls/der.js';

/** An RSA-2048 key pair for RS256, in the forms tests and servers need. */
export interface RsaKeyPair {
  /** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`). */
  readonly privateKeyPem: string;
  /** SPKI PEM (`-----BEGIN PUBLIC KEY-----`). */
  readonly publicKeyPem: string;
  /** Private JWK with `kid`, `alg: RS256`, `use: sig`. */
  readonly privateJwk: JsonWebKey & { kid: string };
  /** Public JWK with `kid`, `alg: RS256`, `use: sig`. */
  readonly publicJwk: JsonWebKey & { kid: string };
  /** `{ keys: [publicJwk] }`. */
  readonly jwks: { readonly keys: readonly (JsonWebKey & { kid: string })[] };
}

/**
 * Generates an RSA-2048 RS256 key pair with Web Crypto (fresh per call, never written to disk).
 *
 * @example
 * ```ts
 * const { privateKeyPem, jwks } = await generateRsaKeyPair();
 * ```
 */
export async function generateRsaKeyPair(): Promise<RsaKeyPair> {
  const { subtle } = globalThis.crypto;
  const keys = await subtle.generateKey(
    {
      name: 'RSASSA-PKCS1-v1_5',
      modulusLength: 2048,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: 'SHA-256',
    },
    true,
    ['sign', 'verify'],
  );
  return describeKeyPair(keys);
}

const PKCS8_PEM =
  /^-----BEGIN PRIVATE KEY-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END PRIVATE KEY-----\r?\n?$/;

/**
 * The RS256 key pair of an RSA private key in PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`, what
 * {@link RsaKeyPair.privateKeyPem} holds), 2048 bits or more (RFC 7518 §3.3), with the same `kid`
 * (its RFC 7638 thumbprint) each time it is read.
 *
 * @throws TypeError `… is not an RSA private key in PKCS#8 PEM …`, never quoting the key.
 */
export async function rsaKeyPairFromPem(pem: string, what: string): Promise<RsaKeyPair> {
  const body = PKCS8_PEM.exec(pem.trim().concat('\n'))?.[1];
  const refuse = (why: string): never => {
    throw new TypeError(
      `${what} is not an RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----, 2048 bits or more): ${why}`,
    );
  };
  if (body === undefined) return refuse('no PKCS#8 PEM block');
  let keys: CryptoKeyPair;
  try {
    const privateKey = await globalThis.crypto.subtle.importKey(
      'pkcs8',
      Buffer.from(body.replace(/\s/g, ''), 'base64'),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['sign'],
    );
    const {
      d: _d,
      p: _p,
      q: _q,
      dp: _dp,
      dq: _dq,
      qi: _qi,
      ...pub
    } = await globalThis.crypto.subtle.exportKey('jwk', privateKey);
    const publicKey = await globalThis.crypto.subtle.importKey(
      'jwk',
      { ...pub, key_ops: ['verify'] },
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['verify'],
    );
    keys = { privateKey, publicKey };
  } catch {
    return refuse('it does not import as one');
  }
  const { modulusLength } = keys.privateKey.algorithm as RsaHashedKeyAlgorithm;
  if (modulusLength < 2048) refuse(`${modulusLength} bits`);
  return describeKeyPair(keys);
}

async function describeKeyPair(keys: CryptoKeyPair): Promise<RsaKeyPair> {
  const { subtle } = globalThis.crypto;
  const [pkcs8, spki, privateJwk, publicJwk] = await Promise.all([
    subtle.exportKey('pkcs8', keys.privateKey),
    subtle.exportKey('spki', keys.publicKey),
    subtle.exportKey('jwk', keys.privateKey),
    subtle.exportKey('jwk', keys.publicKey),
  ]);
  const { n = '', e = '' } = publicJwk;
  const kid = await calculateJwkThumbprint({ kty: 'RSA', e, n });
  const publicOnly = { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' };
  return {
    privateKeyPem: toPem(new Uint8Array(pkcs8), 'PRIVATE KEY'),
    publicKeyPem: toPem(new Uint8Array(spki), 'PUBLIC KEY'),
    privateJwk: { ...stripWebCryptoFields(privateJwk), kid, alg: 'RS256', use: 'sig' },
    publicJwk: publicOnly,
    jwks: { keys: [publicOnly] },
  };
}

function stripWebCryptoFields({ key_ops: _ops, ext: _ext, ...jwk }: JsonWebKey): JsonWebKey {
  return jwk;
}
