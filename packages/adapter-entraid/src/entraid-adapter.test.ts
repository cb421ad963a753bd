import { execFileSync } from 'node:child_process';
import type { AdapterPlugin } from '@dual-auth/core';
import { ConfigurationError } from '@dual-auth/core';
import { base64url, importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { APP_KEY_PAIR, PUBLIC_PEM, useEntraIdTestSetup } from '../test/entraid-test-setup.js';
import { EntraIDAdapter } from './entraid-adapter.js';
import type { EntraIdAdapterOptions } from './entraid-adapter-options.js';
import type { EntraIdConfig } from './entraid-config.js';
import { entraIdTokenProfile } from './entraid-token-profile.js';
import { entraIdPlugin as plugin } from './index.js';

const act = {
  sub: 'alice@contoso.example',
  email: 'alice@contoso.example',
  oid: '0000a11c-0000-4000-8000-00000000a11c',
};
const setup = useEntraIdTestSetup();
const { config } = setup;

function adapter(fields: Partial<EntraIdConfig> = {}, options: EntraIdAdapterOptions = {}) {
  return new EntraIDAdapter(config(fields), {
    fetch: setup.server.fetch,
    retry: false,
    ...options,
  });
}

describe('EntraIDAdapter: the two parts on the wire (docs/wire-format.md#entra-id)', () => {
  it('gets the agent token with client_secret_post and signs an RS256 act assertion', async () => {
    setup.server.reply({
      status: 200,
      body: { token_type: 'Bearer', access_token: 'AT', ext_expires_in: 3599 },
    });
    const token = await adapter().requestToken({ agentId: 'cid', act, scope: ['ignored'] });
    const request = setup.server.requests.at(-1);
    expect(request?.path).toBe('/tenant-1/oauth2/v2.0/token');
    expect(request?.headers.accept).toBe('*/*');
    expect(request?.body).toBe(
      'grant_type=client_credentials&client_id=cid&client_secret=sec&scope=https%3A%2F%2Fapi%2F.default',
    );
    expect(String(token)).toBe(
      'TokenResponse(token_type=Bearer, expires_in=3599, scope=https://api/.default, access_token=***REDACTED***, act_assertion=***REDACTED***)',
    );
    const assertion = token.actAssertion ?? '';
    expect(new TextDecoder().decode(base64url.decode(assertion.split('.')[0] ?? ''))).toBe(
      '{"alg":"RS256","typ":"JWT"}',
    );
    const { payload } = await jwtVerify(assertion, await importSPKI(PUBLIC_PEM, 'RS256'), {
      audience: 'https://api',
      issuer: 'https://app',
    });
    expect(Object.keys(payload)).toEqual(['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'act']);
    expect(payload).toMatchObject({ sub: 'https://app', act });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  it('takes the key as a JWK or CryptoKey too, with an optional kid', async () => {
    setup.server.reply({ status: 200, body: { access_token: 'AT' } });
    const jwk = APP_KEY_PAIR.privateKey.export({ format: 'jwk' }) as JsonWebKey;
    const token = await adapter(
      { appPrivateKey: undefined },
      { appPrivateKey: jwk, actAssertionKid: 'k1' },
    ).requestToken({ agentId: 'cid', act, scope: [] });
    expect(
      JSON.parse(
        new TextDecoder().decode(base64url.decode(token.actAssertion?.split('.')[0] ?? '')),
      ),
    ).toEqual({
      alg: 'RS256',
      kid: 'k1',
      typ: 'JWT',
    });
  });
});

describe('EntraIDAdapter: errors and configuration', () => {
  it('keeps status, message and error_codes (the reference did here too)', async () => {
    setup.server.reply({ status: 401, body: { error: 'invalid_client', error_codes: [7000215] } });
    await expect(adapter().requestToken({ agentId: 'cid', act, scope: [] })).rejects.toMatchObject({
      message: 'Token request failed (HTTP 401): Authentication failed',
      status: 401,
      error: 'invalid_client',
      vendorCodes: [7000215],
    });
  });

  it('refuses a public key at construction, before sending anything', () => {
    const before = setup.server.requests.length;
    expect(() => adapter({ appPrivateKey: PUBLIC_PEM })).toThrow('appPrivateKey is a public key');
    expect(setup.server.requests).toHaveLength(before);
  });

  // A real OpenSSL prime search: a generous timeout, since a busy machine can take seconds.
  it('takes a PKCS#1 key (`openssl genrsa -traditional`), and refuses a broken one at construction', async () => {
    const pkcs1 = execFileSync('openssl', ['genrsa', '-traditional', '2048'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    setup.server.reply({ status: 200, body: { access_token: 'AT' } });
    const token = await adapter({ appPrivateKey: pkcs1 }).requestToken({
      agentId: 'cid',
      act,
      scope: [],
    });
    expect(token.actAssertion).toMatch(/^eyJ/);
    const broken = pkcs1.replace(/\n[^\n]+\n-----END/, '\n-----END');
    expect(() => adapter({ appPrivateKey: broken })).toThrow(
      /is not a well-formed 'RSA PRIVATE KEY'/,
    );
  }, 120_000);

  it('refuses a key path (web-standard) and names the Node helper', () => {
    expect(() => adapter({ appPrivateKey: undefined, appPrivateKeyPath: '/keys/app.pem' })).toThrow(
      '@dual-auth/core/node',
    );
    expect(() => adapter({ appPrivateKey: undefined })).toThrow(ConfigurationError);
  });

  it('refuses options of the wrong type at construction', () => {
    expect(() => adapter({ appPrivateKey: undefined }, { appPrivateKey: 42 as never })).toThrow(
      new TypeError('appPrivateKey must be PEM text, a JWK object or a CryptoKey'),
    );
    expect(() => adapter({}, { actAssertionKid: 7 as never })).toThrow(
      new TypeError('actAssertionKid must be a non-empty string'),
    );
  });

  it('names every missing setting', () => {
    expect(() => adapter({ scope: '', appId: '' })).toThrow(
      'EntraID adapter requires: scope (API_SCOPE), appId (APP_ID)',
    );
  });

  it('shows its settings with the secret redacted', () => {
    const entra = adapter({ clientSecret: 'entra-secret-value-7f3a' });
    expect(entra.toJSON()).toMatchObject({ clientSecret: '***REDACTED***', tenantId: 'tenant-1' });
  });

  it('loads as a core plugin', () => {
    const module: AdapterPlugin<EntraIdConfig> = plugin;
    expect(module.createAdapter(config())).toBeInstanceOf(EntraIDAdapter);
  });
});

describe("EntraIDAdapter: Entra's iat backdating", () => {
  it('declares that Entra dates iat 5 minutes before minting, as its token profile does', () => {
    // An in-session delegation cut-off reads it: a sign-in just after a logout is not refused.
    expect(adapter().iatBackdateSeconds).toBe(300);
    expect(adapter().iatBackdateSeconds).toBe(entraIdTokenProfile.iatBackdateSeconds);
  });
});
