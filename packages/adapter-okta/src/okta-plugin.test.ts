import {
  type GetSecretOptions,
  getConfig,
  revocationAnswer,
  type SecretsBackend,
} from '@dual-auth/core';
import { startTokenEndpointStub } from '@dual-auth/testing';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { OktaAdapter } from './okta-adapter.js';
import { oktaPlugin } from './okta-plugin.js';
import { OKTA_TOKEN_REVOCATION } from './okta-token-revocation.js';

const ENV = {
  OKTA_TOKEN_URL: 'https://acme.okta.com/oauth2/aus1/v1/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged-0123456789',
  API_AUDIENCE: 'api://finance',
};
const plugins = [oktaPlugin];

describe('oktaPlugin through getConfig', () => {
  it('audience is API_AUDIENCE; the assertion audience defaults to the issuer', async () => {
    const config = await getConfig({ vendor: 'okta', env: ENV, plugins });
    expect(config).toMatchObject({ vendor: 'okta', audience: 'api://finance' });
    expect(config.assertionAudience).toBeUndefined();
    expect(new OktaAdapter(config).assertionAudience).toBe('https://acme.okta.com/oauth2/aus1');
  });

  it('reads the secrets in the reference order, then OKTA_ASSERTION_AUDIENCE (optional)', async () => {
    const calls: string[] = [];
    const getSecret = async (key: string, options: GetSecretOptions = {}) => {
      calls.push(key);
      if (options.required === false && !(key in ENV)) return undefined;
      return (ENV as Record<string, string>)[key];
    };
    const backend = { specificationVersion: 'v1', backendName: 'vault', getSecret };
    await getConfig({ vendor: 'okta', backend: backend as SecretsBackend, plugins });
    expect(calls).toEqual([
      'OKTA_TOKEN_URL',
      'AGENT_CLIENT_ID',
      'AGENT_CLIENT_SECRET',
      'API_AUDIENCE',
      'OKTA_ASSERTION_AUDIENCE',
    ]);
  });

  it('reports the first missing variable in the reference order when several are missing', async () => {
    const error = getConfig({ vendor: 'okta', env: { AGENT_CLIENT_ID: 'a' }, plugins });
    await expect(error).rejects.toMatchObject({ key: 'OKTA_TOKEN_URL' });
  });

  it('OKTA_ASSERTION_AUDIENCE=token-endpoint from the environment alone signs aud = the token URL', async () => {
    const stub = await startTokenEndpointStub();
    try {
      const tokenUrl = `${stub.url}/oauth2/aus1/v1/token`;
      const env = {
        ...ENV,
        OKTA_TOKEN_URL: tokenUrl,
        OKTA_ASSERTION_AUDIENCE: ' token-endpoint ',
        DUAL_AUTH_VENDOR: 'okta',
      };
      const config = await getConfig({ env, plugins });
      expect(config.assertionAudience).toBe('token-endpoint');
      stub.reply({ status: 200, body: { access_token: 'AT', token_type: 'Bearer' } });
      const adapter = oktaPlugin.createAdapter(config, { fetch: stub.fetch, retry: false });
      await adapter.requestToken({ agentId: 'finance-agent', act: { sub: '00u1' }, scope: [] });
      const assertion = stub.requests.at(-1)?.fields.client_assertion ?? '';
      expect(decodeJwt(assertion).aud).toBe(tokenUrl);
    } finally {
      await stub.close();
    }
  });

  it('refuses another OKTA_ASSERTION_AUDIENCE, naming the variable', async () => {
    const env = { ...ENV, OKTA_ASSERTION_AUDIENCE: 'both' };
    await expect(getConfig({ vendor: 'okta', env, plugins })).rejects.toMatchObject({
      name: 'ConfigurationError',
      variable: 'OKTA_ASSERTION_AUDIENCE',
      message: "OKTA_ASSERTION_AUDIENCE must be 'issuer' or 'token-endpoint'",
    });
  });
});

it('OKTA_TOKEN_REVOCATION: revokes beside a token URL with a trailing slash; says why not beside /tokens', () => {
  const answerFor = (tokenUrl: string) =>
    revocationAnswer('okta', OKTA_TOKEN_REVOCATION, { tokenUrl }, Date.UTC(2026, 5, 1));
  expect(answerFor('https://acme.okta.com/oauth2/aus1/v1/token/')).toEqual({
    supported: true,
    endpoint: 'https://acme.okta.com/oauth2/aus1/v1/revoke',
  });
  expect(answerFor('https://acme.okta.com/oauth2/aus1/v1/tokens')).toMatchObject({
    message: /does not end in \/token/,
  });
});
