import {
  calculateJwkThumbprint,
  decodeProtectedHeader,
  EmbeddedJWK,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { createDpopProver } from './dpop-prover.js';

const NOW_MS = 1_800_000_000_000;
const clock = { now: () => NOW_MS };

async function verified(proof: string) {
  return jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', currentDate: new Date(NOW_MS) });
}

describe('createDpopProver (RFC 9449 §4.2)', () => {
  it('signs a proof with typ dpop+jwt, the public jwk only, jti, htm, htu without query, iat', async () => {
    const keyPair = await generateKeyPair('ES256');
    const dpop = createDpopProver({ keyPair, clock });
    const proof = await dpop.proof({ method: 'POST', url: 'https://idp.example/token?x=1#f' });
    const { payload, protectedHeader } = await verified(proof);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'dpop+jwt' });
    expect(Object.keys(protectedHeader.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(payload).toEqual({
      jti: expect.stringMatching(/^[\w-]{43}$/),
      htm: 'POST',
      htu: 'https://idp.example/token',
      iat: NOW_MS / 1000,
    });
    const again = await verified(
      await dpop.proof({ method: 'POST', url: 'https://idp.example/token' }),
    );
    expect(again.payload.jti).not.toBe(payload.jti);
  });

  it('adds ath (SHA-256 of the token) and nonce when given, as the client asks', async () => {
    const dpop = createDpopProver({ keyPair: await generateKeyPair('EdDSA'), clock });
    const proof = await dpop.proof({
      method: 'GET',
      url: 'https://api.example/x',
      accessToken: 'abc',
      nonce: 'n-1',
    });
    expect(decodeProtectedHeader(proof).alg).toBe('EdDSA');
    // base64url(SHA-256("abc"))
    expect((await verified(proof)).payload).toMatchObject({
      ath: 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0',
      nonce: 'n-1',
    });
  });

  it("knows the key's RFC 7638 thumbprint, the cnf.jkt of a bound token", async () => {
    const keyPair = await generateKeyPair('RS256');
    const dpop = createDpopProver({ keyPair, clock });
    const { protectedHeader } = await verified(
      await dpop.proof({ method: 'POST', url: 'https://idp.example/t' }),
    );
    expect(dpop.alg).toBe('RS256');
    expect(await dpop.thumbprint()).toBe(
      await calculateJwkThumbprint(protectedHeader.jwk ?? {}, 'sha256'),
    );
  });

  it('refuses at creation a key that cannot make proofs, saying what to use', async () => {
    const hmac = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    expect(() =>
      createDpopProver({ keyPair: { privateKey: hmac, publicKey: hmac } as CryptoKeyPair }),
    ).toThrow(TypeError);
    const ecdh = await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, false, [
      'deriveBits',
    ]);
    expect(() => createDpopProver({ keyPair: ecdh as CryptoKeyPair })).toThrow(
      /a ECDH key cannot sign DPoP proofs; use an asymmetric pair/,
    );
    expect(() => createDpopProver({ keyPair: 'pem' as unknown as CryptoKeyPair })).toThrow(
      /keyPair must be a CryptoKeyPair/,
    );
    expect(() => createDpopProver({ keyPair: {} as CryptoKeyPair, extra: 1 } as never)).toThrow(
      /extra is not an option/,
    );
  });

  // An attacker review, from the README alone: called without options (plain JavaScript, or
  // `createDpopProver(undefined as never)`), it failed reading `keyPair` of undefined.
  it('refuses a call without options, saying what to pass', () => {
    for (const given of [undefined, null, 'keyPair']) {
      expect(() => createDpopProver(given as never)).toThrow(
        /^createDpopProver options must be an object/,
      );
    }
    expect(() => createDpopProver(undefined as never)).toThrow(/\{ keyPair \}/);
  });

  it('refuses an extractable private key: whoever copies it can use every bound token', async () => {
    const keyPair = await generateKeyPair('ES256', { extractable: true });
    expect(() => createDpopProver({ keyPair })).toThrow(/private key is extractable.*§11\.4/);
  });

  it('refuses a proof request without an HTTP method or an absolute URL', async () => {
    const dpop = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    await expect(dpop.proof({ method: 'post', url: 'https://a.example/' })).rejects.toThrow(
      /upper-case HTTP method/,
    );
    await expect(dpop.proof({ method: 'POST', url: '/token' })).rejects.toThrow(
      /absolute http\(s\) URL/,
    );
  });
});
