import { base64url, generateKeyPair, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error.js';
import { type SigningAlgorithm, signJwt } from './sign-jwt.js';

const header = (jwt: string) =>
  new TextDecoder().decode(base64url.decode(jwt.split('.')[0] as string));

const claims = { iss: 'application', sub: 'application' };

describe('signJwt', () => {
  it('writes the typ header it is given, between the sorted alg and kid', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwt = await signJwt({ claims, alg: 'ES256', key: privateKey, kid: 'k', typ: 'act+jwt' });
    expect(header(jwt)).toBe('{"alg":"ES256","kid":"k","typ":"act+jwt"}');
    expect((await jwtVerify(jwt, publicKey, { typ: 'act+jwt' })).payload).toEqual(claims);
    const plain = await signJwt({ claims, alg: 'ES256', key: privateKey });
    expect(header(plain)).toBe('{"alg":"ES256","typ":"JWT"}');
  });

  it('signs a JWS that jose verifies, for every algorithm it offers', async () => {
    for (const alg of ['RS256', 'PS256', 'ES256', 'EdDSA'] as const) {
      const { privateKey, publicKey } = await generateKeyPair(alg);
      const jwt = await signJwt({ claims: { ...claims, name: 'Alicé' }, alg, key: privateKey });
      const verified = await jwtVerify(jwt, publicKey, { algorithms: [alg] });
      expect(verified.payload).toEqual({ ...claims, name: 'Alicé' });
      // PyJWT's ensure_ascii bytes: non-ASCII escaped in the payload itself.
      expect(atob((jwt.split('.')[1] as string).replace(/-/g, '+').replace(/_/g, '/'))).toContain(
        'Alic\\u00e9',
      );
    }
    const secret = new TextEncoder().encode('a client secret of 32 bytes, ok!');
    const jwt = await signJwt({ claims, alg: 'HS256', key: secret });
    expect((await jwtVerify(jwt, secret, { algorithms: ['HS256'] })).payload).toEqual(claims);
  });

  it('refuses an algorithm it does not offer with a TypeError naming those it does', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    for (const alg of ['RS384', 'none']) {
      await expect(
        signJwt({ claims, alg: alg as SigningAlgorithm, key: privateKey }),
      ).rejects.toThrow(
        new TypeError('signJwt: alg must be one of HS256, RS256, PS256, ES256, EdDSA'),
      );
    }
  });

  it('refuses a key that cannot sign with the algorithm, with a message that says why', async () => {
    const rsa = await generateKeyPair('RS256');
    const cases: [SigningAlgorithm, CryptoKey | Uint8Array, string][] = [
      ['ES256', rsa.privateKey, 'RSASSA-PKCS1-v1_5 CryptoKey, which cannot be used for ES256'],
      ['RS256', rsa.publicKey, 'is a public CryptoKey; a private key is needed'],
      ['RS256', new Uint8Array(32), 'RS256 signs with a private CryptoKey, not bytes'],
      ['HS256', rsa.privateKey, 'HS256 signs with the secret, given as a Uint8Array'],
    ];
    for (const [alg, key, message] of cases) {
      const error = await signJwt({ claims, alg, key }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error instanceof TypeError || ConfigurationError.isInstance(error)).toBe(true);
      expect(String(error)).toContain(message);
    }
  });
});
