import { getConfig, TokenRequestError } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { runIamAdapterConformance } from '@dual-auth/testing/conformance';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakPlugin } from './index.js';
import { KeycloakAdapter } from './keycloak-adapter.js';
import type { KeycloakConfig } from './keycloak-config.js';
import { keycloakLocalIdp } from './testing/index.js';

runIamAdapterConformance({
  plugin: keycloakPlugin,
  profile: keycloakLocalIdp,
  audience: (idp) => idp.issuer,
});

let idp: LocalIdp;
let config: KeycloakConfig;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'keycloak' });
  config = await getConfig({ vendor: 'keycloak', env: idp.env(), plugins: [keycloakPlugin] });
});
afterAll(() => idp.close());

describe('KeycloakAdapter against the local Keycloak-shaped IdP', () => {
  it('an assertion for another realm (configured audience) is refused by the IdP', async () => {
    const adapter = new KeycloakAdapter(
      {
        ...config,
        clientSecret: config.clientSecret,
        audience: 'https://elsewhere.example/realms/x',
      },
      { fetch: idp.fetch, retry: false },
    );
    const error = await adapter
      .requestToken({ agentId: config.clientId, act: { sub: 'u-1' }, scope: [] })
      .catch((e: unknown) => e);
    expect(TokenRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(idp.requests.at(-1)?.form.map(([name]) => name)).toEqual([
      'grant_type',
      'scope',
      'client_assertion_type',
      'client_assertion',
    ]);
  });
});
