import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalIdp } from './local-idp.js';
import { generateRsaKeyPair } from './rsa-key-pair.js';
import { startLocalIdp } from './start-local-idp.js';

// `signingKeyPem`: the IdP signs with a key it is given, so a restart keeps its JWK Set.

const pkcs8 = (modulusLength: number) =>
  generateKeyPairSync('rsa', { modulusLength }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;

describe('startLocalIdp with signingKeyPem', () => {
  const started: LocalIdp[] = [];
  afterAll(async () => {
    for (const idp of started) await idp.close();
  });

  it('signs with the given key, and rotates to a given one', async () => {
    const [first, next] = await Promise.all([generateRsaKeyPair(), generateRsaKeyPair()]);
    const idp = await startLocalIdp({ vendor: 'keycloak', signingKeyPem: first.privateKeyPem });
    started.push(idp);
    expect(idp.signingKid).toBe(first.publicJwk.kid);
    expect(idp.jwks().keys).toEqual([first.publicJwk]);
    const rotation = await idp.rotateSigningKey({ signingKeyPem: next.privateKeyPem });
    expect(rotation).toMatchObject({ kid: next.publicJwk.kid, previousKid: first.publicJwk.kid });
  });

  it.each([
    ['not a PEM', 'hello', /no PKCS#8 PEM block/],
    ['an RSA key under 2048 bits', pkcs8(1024), /1024 bits/],
    [
      'an EC key',
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string,
      /it does not import as one/,
    ],
  ])('refuses %s with a TypeError that does not quote it', async (_what, pem, why) => {
    const refusal = startLocalIdp({ vendor: 'keycloak', signingKeyPem: pem });
    await expect(refusal).rejects.toThrow(TypeError);
    await expect(refusal).rejects.toThrow(why);
    await expect(refusal).rejects.not.toThrow(pem.split('\n')[1] || pem);
  });

  it('refuses a signingKeyPem that is not a string', async () => {
    await expect(
      startLocalIdp({ vendor: 'keycloak', signingKeyPem: 42 as unknown as string }),
    ).rejects.toThrow(/signingKeyPem must be/);
  });
});
