import { base64url, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createDpopProver } from './dpop-prover.js';

const RSA = (name: string, modulusLength: number) =>
  crypto.subtle.generateKey(
    { name, modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  ) as Promise<CryptoKeyPair>;

describe('createDpopProver against keys and options that would mislead a token cache or an IdP', () => {
  it('gives two provers different ids even when random is injected and repeats itself', async () => {
    // A fixed `random` (a test's) must not let two keys share an adapter id, hence a token cache
    // entry: a token bound to one key would be sent with proofs of the other (RFC 9449 §6).
    const random = (n: number) => new Uint8Array(n).fill(7);
    const a = createDpopProver({ keyPair: await generateKeyPair('ES256'), random });
    const b = createDpopProver({ keyPair: await generateKeyPair('ES256'), random });
    expect(a.id).not.toBe(b.id);
  });

  it('refuses at creation an RSA key under 2048 bits (RFC 7518 §3.3), not at the first token', async () => {
    for (const name of ['RSASSA-PKCS1-v1_5', 'RSA-PSS']) {
      const keyPair = await RSA(name, 1024);
      expect(() => createDpopProver({ keyPair })).toThrow(
        /createDpopProver: the RSA key has 1024 bits; DPoP proofs need 2048 or more/,
      );
    }
    expect(createDpopProver({ keyPair: await RSA('RSA-PSS', 2048) }).alg).toBe('PS256');
  });

  it('refuses a pair whose public key is of another curve or hash than the private key', async () => {
    const p256 = await generateKeyPair('ES256');
    const p384 = await generateKeyPair('ES384');
    expect(() =>
      createDpopProver({ keyPair: { privateKey: p256.privateKey, publicKey: p384.publicKey } }),
    ).toThrow(/publicKey is not the public half of privateKey/);
    const rs256 = await generateKeyPair('RS256');
    const rs512 = await generateKeyPair('RS512');
    expect(() =>
      createDpopProver({ keyPair: { privateKey: rs256.privateKey, publicKey: rs512.publicKey } }),
    ).toThrow(/publicKey is not the public half of privateKey/);
  });

  // RFC 9449 §8.1: nonce = 1*NQCHAR (%x21 / %x23-5B / %x5D-7E). The client's nonce memory drops
  // other nonces, but a caller handing one to proof() got it signed, a line break included.
  it('refuses a nonce that is not 1*NQCHAR instead of signing it (RFC 9449 §8.1)', async () => {
    const dpop = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const url = 'https://api.example/x';
    for (const nonce of [
      '',
      'n\r\nX: 1',
      'a b',
      'q"q',
      'back\\slash',
      'caf\u00e9',
      'n\u0000',
      'x'.repeat(1025),
    ]) {
      const made = dpop.proof({ method: 'GET', url, nonce });
      await expect(made).rejects.toThrow(TypeError);
      await expect(made).rejects.toThrow(
        /^DPoP proof: nonce must be the server's DPoP-Nonce as sent, 1 to 1024 visible ASCII characters without space, " or \\ \(RFC 9449 §8\.1\); pass undefined when it sent none$/,
      );
    }
    await expect(dpop.proof({ method: 'GET', url, nonce: 1 as never })).rejects.toThrow(TypeError);
    await expect(dpop.proof({ method: 'GET', url, nonce: '!#[]~' })).resolves.toMatch(/\./);
    await expect(dpop.proof({ method: 'GET', url, nonce: undefined })).resolves.toMatch(/\./);
  });
});

describe('createDpopProver and an access token bound to another key', () => {
  const jwt = (claims: object) =>
    `${base64url.encode('{"alg":"ES256","typ":"at+jwt"}')}.${base64url.encode(JSON.stringify(claims))}.c2ln`;
  const request = (accessToken: string) => ({
    method: 'GET',
    url: 'https://api.example/data',
    accessToken,
  });

  it("refuses to prove a request whose JWT access token names another key's cnf.jkt (RFC 9449 §6.1)", async () => {
    const a = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const b = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const boundToA = jwt({ sub: 'u-1', cnf: { jkt: await a.thumbprint() } });
    await expect(b.proof(request(boundToA))).rejects.toThrow(
      /^DPoP proof: the access token is bound to another key than this prover's/,
    );
    await expect(a.proof(request(boundToA))).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('leaves an opaque token, or one bound otherwise, to the API', async () => {
    const b = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    for (const accessToken of ['opaque-token', jwt({ cnf: { 'x5t#S256': 'abc' } })]) {
      await expect(b.proof(request(accessToken))).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    }
  });
});
