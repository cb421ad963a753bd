import {
  type GetSecretOptions,
  getConfig,
  revocationAnswer,
  type SecretsBackend,
  SecretsBackendError,
} from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { KeycloakAdapter } from './keycloak-adapter.js';
import { keycloakPlugin } from './keycloak-plugin.js';
import { KEYCLOAK_TOKEN_REVOCATION } from './keycloak-token-revocation.js';

const SECRET = 'agent-secret-never-logged';
const ENV = {
  KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agents/protocol/openid-connect/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: SECRET,
};
const plugins = [keycloakPlugin];

function recordingBackend(values: Record<string, string>, calls: string[]): SecretsBackend {
  const getSecret = async (key: string, options: GetSecretOptions = {}) => {
    calls.push(key);
    if (values[key] !== undefined || options.required === false) return values[key];
    throw new SecretsBackendError({ message: `${key} not found`, backend: 'vault', key });
  };
  return { specificationVersion: 'v1', backendName: 'vault', getSecret } as SecretsBackend;
}

describe('keycloakPlugin through getConfig', () => {
  it('keycloak: the reference variables and the audience cut from the token URL', async () => {
    const config = await getConfig({ env: ENV, plugins });
    expect(config).toMatchObject({
      vendor: 'keycloak',
      tokenUrl: ENV.KEYCLOAK_TOKEN_URL,
      clientId: 'finance-agent',
      audience: 'https://kc.example/realms/agents',
    });
    expect(config.clientSecret).toBe(SECRET);
    expect(Object.isFrozen(config)).toBe(true);
    expect(`${config}`).toBe(
      'DualAuthConfig(vendor=keycloak, tokenUrl=https://kc.example/realms/agents/protocol/openid-connect/token, clientId=finance-agent, clientSecret=***REDACTED***, audience=https://kc.example/realms/agents)',
    );
  });

  it('reads the secrets in the reference order', async () => {
    const calls: string[] = [];
    await getConfig({ vendor: 'keycloak', backend: recordingBackend(ENV, calls), plugins });
    expect(calls).toEqual(['KEYCLOAK_TOKEN_URL', 'AGENT_CLIENT_ID', 'AGENT_CLIENT_SECRET']);
  });

  it.each(Object.keys(ENV))('without %s: SecretsBackendError naming it', async (key) => {
    const env: Record<string, string> = { ...ENV };
    delete env[key];
    await expect(getConfig({ vendor: 'keycloak', env, plugins })).rejects.toMatchObject({
      name: 'SecretsBackendError',
      backend: 'environment',
      key,
      message: `Environment variable '${key}' is required but not set or empty. Example: export ${key}=your-value-here`,
    });
  });

  // wave33/kcaud: API_AUDIENCE (what Auth0, Okta and Entra ID read) set with Keycloak was
  // dropped without a word, and the API then checked an audience no token carried.
  it('warns once, by name only, that API_AUDIENCE is ignored and the Audience mapper sets aud', async () => {
    const logger = createRecordingLogger();
    const value = 'https://finance.example/api-never-logged';
    const config = await getConfig({ env: { ...ENV, API_AUDIENCE: value }, plugins, logger });
    expect(config.audience).toBe('https://kc.example/realms/agents');
    const ignored = logger.records.filter((record) => record.event === 'config_setting_ignored');
    expect(ignored).toEqual([
      {
        level: 'warn',
        event: 'config_setting_ignored',
        fields: {
          vendor: 'keycloak',
          variable: 'API_AUDIENCE',
          message:
            'API_AUDIENCE is ignored with DUAL_AUTH_VENDOR=keycloak: "aud" comes from an Audience mapper on the agent client; name the API there, unset API_AUDIENCE',
        },
      },
    ]);
    expect(JSON.stringify(logger.records)).not.toContain(value);
  });

  it('does not warn when API_AUDIENCE is unset or blank', async () => {
    for (const env of [ENV, { ...ENV, API_AUDIENCE: ' ' }]) {
      const logger = createRecordingLogger();
      await getConfig({ env, plugins, logger });
      expect(logger.records.map((record) => record.level)).not.toContain('warn');
    }
  });

  it('loads by name from DUAL_AUTH_VENDOR=keycloak and builds the adapter', async () => {
    const importModule = (specifier: string) => import(/* @vite-ignore */ specifier);
    const env = { ...ENV, DUAL_AUTH_VENDOR: 'keycloak' };
    const config = await getConfig({ env, importModule });
    expect(config.vendor).toBe('keycloak');
    expect(keycloakPlugin.createAdapter(config as never)).toBeInstanceOf(KeycloakAdapter);
  });
});

it('KEYCLOAK_TOKEN_REVOCATION: revokes beside a token URL with a trailing slash; says why not beside /tokens', () => {
  const answerFor = (tokenUrl: string) =>
    revocationAnswer('keycloak', KEYCLOAK_TOKEN_REVOCATION, { tokenUrl }, Date.UTC(2026, 5, 1));
  expect(answerFor('https://kc.example/realms/agents/protocol/openid-connect/token/')).toEqual({
    supported: true,
    endpoint: 'https://kc.example/realms/agents/protocol/openid-connect/revoke',
  });
  expect(
    answerFor('https://kc.example/realms/agents/protocol/openid-connect/tokens'),
  ).toMatchObject({ message: /does not end in \/token/ });
});
