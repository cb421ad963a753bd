import { ConfigurationError } from '@dual-auth/core';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenIntrospection } from './token-introspection.js';

// Review (wave 29): the API's private_key_jwt key for introspection was first read when a request
// came: a key that cannot sign (a public key, truncated PEM, an EC key under the default RS256)
// answered every request 503, logged as `verification_unavailable` with only its error type, so
// nothing told the operator which setting to fix. It is now checked when the introspection is
// made, naming the option, never the key.

const base = {
  endpoint: 'https://idp.example.test/oauth2/v1/introspect',
  clientId: 'finance-api',
};
const SECRET_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSECRETSECRET';

function refusal(privateKey: unknown, extra: Record<string, unknown> = {}): unknown {
  try {
    createTokenIntrospection({ ...base, privateKey, ...extra } as never);
    return 'created';
  } catch (error) {
    return error;
  }
}

describe('createTokenIntrospection: the private_key_jwt key is checked at creation', () => {
  it('refuses PEM text that is no key, naming options.privateKey and not the text', () => {
    const error = refusal(
      `-----BEGIN PRIVATE KEY-----\n${SECRET_BODY}\n-----END PRIVATE KEY-----\n`,
    );
    expect(ConfigurationError.isInstance(error) || error instanceof TypeError).toBe(true);
    expect(String(error)).toContain('options.privateKey');
    expect(`${String(error)} ${(error as Error).stack} ${JSON.stringify(error)}`).not.toContain(
      'SECRETSECRET',
    );
  });

  it('refuses a public key: it cannot sign the assertion', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const error = refusal(await exportJWK(publicKey));
    expect(ConfigurationError.isInstance(error) || error instanceof TypeError).toBe(true);
    expect(String(error)).toContain('options.privateKey');
  });

  it('refuses an EC key under the default RS256, saying to set privateKeyAlgorithm', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const error = refusal(await exportPKCS8(privateKey));
    expect(ConfigurationError.isInstance(error) || error instanceof TypeError).toBe(true);
    expect(String(error)).toMatch(/privateKeyAlgorithm/);
  });

  it('takes an RSA key (PEM or JWK) and an EC key with privateKeyAlgorithm ES256 (held)', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    expect(refusal(await exportPKCS8(rsa.privateKey))).toBe('created');
    expect(refusal(await exportJWK(rsa.privateKey))).toBe('created');
    const ec = await generateKeyPair('ES256', { extractable: true });
    expect(refusal(await exportPKCS8(ec.privateKey), { privateKeyAlgorithm: 'ES256' })).toBe(
      'created',
    );
  });

  it('refuses an unknown privateKeyAlgorithm naming options.privateKeyAlgorithm, not an internal function', async () => {
    const rsa = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportPKCS8(rsa.privateKey);
    for (const privateKeyAlgorithm of ['HS256', 'rs256', 'none']) {
      const error = refusal(pem, { privateKeyAlgorithm });
      expect(error).toBeInstanceOf(TypeError);
      expect(String(error)).toContain('options.privateKeyAlgorithm');
      expect(String(error)).toContain('RS256, PS256, ES256, EdDSA');
      expect(String(error)).not.toContain('checkKeyInput');
    }
  });
});
