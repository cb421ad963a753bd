import { describe, expect, it } from 'vitest';
import { isCryptoKey } from './is-crypto-key.js';

describe('isCryptoKey', () => {
  it('tells a Web Crypto key from a JWK, PEM text, bytes and nothing', async () => {
    const key = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect(isCryptoKey(key)).toBe(true);
    for (const other of [{ kty: 'RSA' }, '-----BEGIN PUBLIC KEY-----', new Uint8Array(32), null]) {
      expect(isCryptoKey(other)).toBe(false);
    }
  });

  it('is not fooled by an object that only claims the type', () => {
    expect(isCryptoKey({ type: 'private', algorithm: { name: 'ECDSA' }, usages: ['sign'] })).toBe(
      false,
    );
  });
});
