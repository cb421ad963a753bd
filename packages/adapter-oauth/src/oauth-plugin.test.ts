import { assertVendor, getConfig, revocationAnswer } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import { oauthPlugin } from './oauth-plugin.js';

const ENV = {
  OAUTH_TOKEN_URL: 'https://idp.example/oauth2/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'oauth-plugin-secret',
};
const plugins = [oauthPlugin];
/** A hand-made config of the same agent, for the constructor's own checks. */
const CONFIG = {
  vendor: 'oauth' as const,
  tokenUrl: ENV.OAUTH_TOKEN_URL,
  clientId: ENV.AGENT_CLIENT_ID,
  clientSecret: ENV.AGENT_CLIENT_SECRET,
};

describe('oauthPlugin through getConfig', () => {
  it('reads the token URL and the agent, the rest optional, secrets redacted', async () => {
    const config = await getConfig({
      env: { ...ENV, API_AUDIENCE: 'https://api', OAUTH_TOKEN_AUTH_METHOD: 'client_secret_jwt' },
      plugins,
    });
    expect(config).toMatchObject({
      vendor: 'oauth',
      tokenUrl: ENV.OAUTH_TOKEN_URL,
      clientId: 'finance-agent',
      audience: 'https://api',
      authMethod: 'client_secret_jwt',
    });
    expect(`${config}`).not.toContain('oauth-plugin-secret');
  });

  it('refuses a value outside its choices, naming the variable', async () => {
    for (const [variable, value] of [
      ['OAUTH_TOKEN_AUTH_METHOD', 'client_secret_basic'],
      ['OAUTH_MODE', 'implicit'],
      ['OAUTH_SIGNING_ALG', 'HS256'],
    ]) {
      await expect(
        getConfig({ env: { ...ENV, [variable as string]: value }, plugins }),
      ).rejects.toMatchObject({ name: 'ConfigurationError', variable });
    }
  });

  it('needs the client secret unless private_key_jwt, and then a key', async () => {
    const { AGENT_CLIENT_SECRET: _, ...noSecret } = ENV;
    await expect(getConfig({ env: noSecret, plugins })).rejects.toMatchObject({
      variable: 'AGENT_CLIENT_SECRET',
    });
    const keyless = { ...noSecret, OAUTH_TOKEN_AUTH_METHOD: 'private_key_jwt' };
    await expect(getConfig({ env: keyless, plugins })).rejects.toMatchObject({
      variable: 'OAUTH_PRIVATE_KEY',
    });
    const config = await getConfig({
      env: { ...keyless, OAUTH_PRIVATE_KEY_PATH: '/run/secrets/agent.pem' },
      plugins,
    });
    expect(config).toMatchObject({ privateKeyPath: '/run/secrets/agent.pem', clientSecret: '' });
  });

  it('refuses an OAUTH_MODE that contradicts OAUTH_PRESET, naming both', async () => {
    for (const [preset, mode] of [
      ['entraid', 'token-exchange'],
      ['keycloak', 'client-credentials'],
      ['okta-xaa', 'on-behalf-of'],
      ['auth0', 'id-jag'],
    ]) {
      const refused = await getConfig({
        env: { ...ENV, OAUTH_PRESET: preset, OAUTH_MODE: mode, OAUTH_PRIVATE_KEY_PATH: '/k.pem' },
        plugins,
      }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ name: 'ConfigurationError', variable: 'OAUTH_MODE' });
      expect((refused as Error).message).toContain(`OAUTH_MODE ${mode}`);
      expect((refused as Error).message).toContain(`OAUTH_PRESET ${preset}`);
    }
    await expect(
      getConfig({ env: { ...ENV, OAUTH_PRESET: 'entraid', OAUTH_MODE: 'on-behalf-of' }, plugins }),
    ).resolves.toMatchObject({ preset: 'entraid', mode: 'on-behalf-of' });
  });

  it('refuses client_secret_post in client-credentials mode at getConfig, however the mode is chosen', async () => {
    for (const env of [
      { OAUTH_TOKEN_AUTH_METHOD: 'client_secret_post' },
      { OAUTH_TOKEN_AUTH_METHOD: 'client_secret_post', OAUTH_MODE: 'client-credentials' },
    ]) {
      await expect(getConfig({ env: { ...ENV, ...env }, plugins })).rejects.toMatchObject({
        name: 'ConfigurationError',
        variable: 'OAUTH_TOKEN_AUTH_METHOD',
      });
    }
    await expect(
      getConfig({
        env: { ...ENV, OAUTH_TOKEN_AUTH_METHOD: 'client_secret_post', OAUTH_MODE: 'on-behalf-of' },
        plugins,
      }),
    ).resolves.toMatchObject({ authMethod: 'client_secret_post' });
  });
});

describe('oauthPlugin OAUTH_ISSUER (RFC 8414 issuer of the delegated token)', () => {
  const ISSUER = 'https://idp.example/';

  it('reads it for token-exchange and on-behalf-of', async () => {
    for (const mode of ['token-exchange', 'on-behalf-of']) {
      await expect(
        getConfig({ env: { ...ENV, OAUTH_MODE: mode, OAUTH_ISSUER: ISSUER }, plugins }),
      ).resolves.toMatchObject({ mode, issuer: ISSUER });
    }
  });

  it('refuses it where it would not be compared: client-credentials, or id-jag naming another', async () => {
    for (const env of [
      {},
      { OAUTH_MODE: 'client-credentials' },
      {
        OAUTH_MODE: 'id-jag',
        OAUTH_IDP_TOKEN_URL: 'https://enterprise.example/token',
        OAUTH_RESOURCE_ISSUER: 'https://rs.example/',
      },
    ]) {
      const refused = await getConfig({
        env: { ...ENV, ...env, OAUTH_ISSUER: ISSUER },
        plugins,
      }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ name: 'ConfigurationError', variable: 'OAUTH_ISSUER' });
    }
    const idJag = {
      OAUTH_MODE: 'id-jag',
      OAUTH_IDP_TOKEN_URL: 'https://enterprise.example/token',
      OAUTH_RESOURCE_ISSUER: ISSUER,
    };
    await expect(
      getConfig({ env: { ...ENV, ...idJag, OAUTH_ISSUER: ISSUER }, plugins }),
    ).resolves.toMatchObject({ issuer: ISSUER });
  });
  // Each issuer setting, in the mode that compares it.
  const ISSUER_SETTINGS = [
    {
      variable: 'OAUTH_ISSUER',
      env: (issuer: string) => ({ OAUTH_MODE: 'token-exchange', OAUTH_ISSUER: issuer }),
      config: (issuer: string) => ({ mode: 'token-exchange' as const, issuer }),
    },
    {
      variable: 'OAUTH_RESOURCE_ISSUER',
      env: (issuer: string) => ({
        OAUTH_MODE: 'id-jag',
        OAUTH_IDP_TOKEN_URL: 'https://enterprise.example/token',
        OAUTH_RESOURCE_ISSUER: issuer,
      }),
      config: (issuer: string) => ({
        mode: 'id-jag' as const,
        idpTokenUrl: 'https://enterprise.example/token',
        resourceIssuer: issuer,
      }),
    },
  ];
  it.each([
    ['not a URL', 'idp.example.com'],
    ['not a URL at all', 'not a url'],
    ['a secret pasted into it', 'sk_live_51HxPasteIntoWrongVariable0123456789'],
    ['a key pair pasted into it', 'AKIAIOSFODNN7EXAMPLE:wJalrXUtnFEMI/K7MDENG'],
    ['plain http to a remote host', 'http://idp.example.com'],
    ['credentials', 'https://svc:hunter2-pw@idp.example.com/'],
    ['a query', 'https://idp.example.com/?tenant=a'],
    ['a fragment', 'https://idp.example.com/#x'],
  ])(
    'refuses, at getConfig and in the constructor, an OAUTH_ISSUER or OAUTH_RESOURCE_ISSUER no RFC 8414 issuer can equal (%s), never logging it',
    async (_name, issuer) => {
      // RFC 8414 §2: an https URL without query or fragment; else every token would be refused
      // at run time, pointing the operator at the IdP rather than at the setting.
      for (const setting of ISSUER_SETTINGS) {
        const { variable } = setting;
        const env = { ...ENV, ...setting.env(issuer) };
        const refused = await getConfig({ env, plugins }).catch((error: unknown) => error);
        expect(refused).toMatchObject({ name: 'ConfigurationError', variable });
        const logger = createRecordingLogger();
        const thrown = (() => {
          try {
            new OAuthAdapter({ ...CONFIG, ...setting.config(issuer) }, { logger });
          } catch (error) {
            return error;
          }
        })();
        expect(thrown).toMatchObject({ name: 'ConfigurationError', variable });
        expect(logger.records).toEqual([]);
        for (const error of [refused, thrown]) {
          const { message } = error as Error;
          // Not a URL is said as such, never as a wrong scheme (journey7).
          if (!issuer.includes('://') && !issuer.includes(':')) {
            expect(message).toBe(
              `${variable} is not a URL: it must be an absolute HTTPS URL, e.g. https://idp.example/token`,
            );
          }
          for (const part of ['hunter2', 'sk_live', 'akia', 'tenant', '#x']) {
            expect(message.toLowerCase()).not.toContain(part);
          }
        }
      }
    },
  );

  it('takes http on a loopback host only with allowInsecureLoopback, as the token URL', async () => {
    const issuer = 'http://127.0.0.1:8443/realms/r';
    const env = { ...ENV, OAUTH_MODE: 'token-exchange', OAUTH_ISSUER: issuer };
    await expect(getConfig({ env, plugins })).rejects.toMatchObject({ variable: 'OAUTH_ISSUER' });
    await expect(getConfig({ env, plugins, allowInsecureLoopback: true })).resolves.toMatchObject({
      issuer,
    });
    const config = { ...CONFIG, mode: 'token-exchange' as const, issuer };
    expect(() => new OAuthAdapter(config)).toThrow(
      expect.objectContaining({ variable: 'OAUTH_ISSUER' }),
    );
    expect(new OAuthAdapter(config, { allowInsecureLoopback: true }).toJSON()).toMatchObject({
      issuer,
    });
  });
});

describe('oauthPlugin token revocation (RFC 7009)', () => {
  const EXPIRES_AT = Date.UTC(2026, 5, 1, 12, 0, 0);
  const answerFor = async (env: Record<string, string>) => {
    const config = await getConfig({ env: { ...ENV, ...env }, plugins });
    assertVendor(config, 'oauth');
    return revocationAnswer('oauth', oauthPlugin.tokenRevocation, config, EXPIRES_AT);
  };

  it('is supported at OAUTH_REVOCATION_URL when it is set', async () => {
    const endpoint = 'https://idp.example/oauth2/revoke';
    expect(await answerFor({ OAUTH_REVOCATION_URL: endpoint })).toEqual({
      supported: true,
      endpoint,
    });
  });

  it('without it: "not supported", the variable to set, and when the token expires', async () => {
    expect(await answerFor({})).toEqual({
      supported: false,
      message:
        'oauth does not revoke access tokens (OAUTH_REVOCATION_URL is not set); the token expires at 2026-06-01T12:00:00.000Z',
      expiresAtMs: EXPIRES_AT,
    });
  });

  it("takes the keycloak preset's endpoint beside the token URL; an explicit one wins", async () => {
    const keycloak = {
      OAUTH_PRESET: 'keycloak',
      OAUTH_TOKEN_URL: 'https://kc.example/realms/r/protocol/openid-connect/token',
    };
    expect(await answerFor(keycloak)).toEqual({
      supported: true,
      endpoint: 'https://kc.example/realms/r/protocol/openid-connect/revoke',
    });
    expect(
      await answerFor({ ...keycloak, OAUTH_REVOCATION_URL: 'https://kc.example/other/revoke' }),
    ).toEqual({ supported: true, endpoint: 'https://kc.example/other/revoke' });
    expect(
      await answerFor({ OAUTH_PRESET: 'auth0', OAUTH_PRIVATE_KEY_PATH: '/k.pem' }),
    ).toMatchObject({ supported: false });
  });

  it('keycloak preset: a trailing slash or a query still revokes at …/revoke, never the token URL', async () => {
    const base = 'https://kc.example/realms/r/protocol/openid-connect';
    const endpointFor = async (tokenUrl: string) =>
      answerFor({ OAUTH_PRESET: 'keycloak', OAUTH_TOKEN_URL: tokenUrl });
    expect(await endpointFor(`${base}/token/`)).toEqual({
      supported: true,
      endpoint: `${base}/revoke`,
    });
    expect(await endpointFor(`${base}/token?tenant=a`)).toEqual({
      supported: true,
      endpoint: `${base}/revoke?tenant=a`,
    });
    expect(await endpointFor(`${base}/token-exchange`)).toMatchObject({
      supported: false,
      message: expect.stringContaining('OAUTH_REVOCATION_URL is not set'),
    });
  });

  it('refuses an OAUTH_REVOCATION_URL that is not HTTPS, like the token URL (loopback by opt-in only)', async () => {
    await expect(
      getConfig({ env: { ...ENV, OAUTH_REVOCATION_URL: 'http://idp.example/revoke' }, plugins }),
    ).rejects.toMatchObject({ name: 'ConfigurationError', variable: 'OAUTH_REVOCATION_URL' });
    const config = { ...CONFIG, revocationEndpoint: 'http://127.0.0.1:8443/revoke' };
    expect(() => new OAuthAdapter(config)).toThrow(
      expect.objectContaining({ name: 'ConfigurationError', variable: 'OAUTH_REVOCATION_URL' }),
    );
    expect(new OAuthAdapter(config, { allowInsecureLoopback: true }).vendor).toBe('oauth');
  });
});
