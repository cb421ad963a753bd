import { execFileSync } from 'node:child_process';
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';

/** A throwaway key pair in every form the package accepts. */
export interface TestKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  privatePem: string;
  publicPem: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}

/** Generates an extractable key pair for `alg` with Web Crypto (RSA 2048 for RS256). */
export async function testKeyPair(
  alg: 'RS256' | 'ES256' | 'EdDSA' = 'RS256',
): Promise<TestKeyPair> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    privateKey,
    publicKey,
    privatePem: await exportPKCS8(privateKey),
    publicPem: await exportSPKI(publicKey),
    privateJwk: (await exportJWK(privateKey)) as JsonWebKey,
    publicJwk: (await exportJWK(publicKey)) as JsonWebKey,
  };
}

/**
 * An RSA 2048 key pair in PKCS#1 PEM, made by the real `openssl` (OpenSSL 3 writes PKCS#1 only
 * with `-traditional`): `RSA PRIVATE KEY` and `RSA PUBLIC KEY`.
 */
export function opensslRsaKeyPair(): { privatePem: string; publicPem: string } {
  const run = (args: string[], input?: string) =>
    execFileSync('openssl', args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] });
  const privatePem = run(['genrsa', '-traditional', '2048']);
  return { privatePem, publicPem: run(['rsa', '-RSAPublicKey_out'], privatePem) };
}

/**
 * A well-formed Ed25519 PKCS#8 PEM whose key is one byte short (31 instead of 32): the PEM and
 * DER checks pass, only the Web Crypto import refuses it.
 */
export function truncatedEd25519Pem(): string {
  const der = Uint8Array.from([
    0x30,
    0x2d,
    0x02,
    0x01,
    0x00,
    0x30,
    0x05,
    0x06,
    0x03,
    0x2b,
    0x65,
    0x70,
    0x04,
    0x21,
    0x04,
    0x1f,
    ...new Uint8Array(31).fill(1),
  ]);
  return `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PRIVATE KEY-----`;
}
