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
