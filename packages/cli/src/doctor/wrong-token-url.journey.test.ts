import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { startLocalIdp } from '@dual-auth/testing';
import { expect, it } from 'vitest';
import { runDoctor } from './run-doctor.js';

// Journey 8: a team new to Keycloak copies the realm URL plus `/token` into KEYCLOAK_TOKEN_URL.
// The IdP answers 404. The doctor passes `token-endpoint` ("answered HTTP 404") and fails
// `client-authentication` with the advice to change the client authenticator and the secret,
// which sends the team to the wrong console page; the URL is what is wrong.
it('blames KEYCLOAK_TOKEN_URL, not the client authenticator, when the token URL answers 404', async () => {
  const idp = await startLocalIdp({ vendor: 'keycloak' });
  try {
    const env = idp.env();
    const realm = (env.KEYCLOAK_TOKEN_URL ?? '').replace(/\/protocol\/openid-connect\/token$/, '');
    const report = await runDoctor({
      human: [...idp.humans.values()][0]?.sub ?? 'no human',
      env: { ...env, KEYCLOAK_TOKEN_URL: `${realm}/token` },
      plugins: [keycloakPlugin],
      fetch: idp.fetch,
    });
    const endpoint = report.checks.find((check) => check.id === 'token-endpoint');
    const authentication = report.checks.find((check) => check.id === 'client-authentication');
    expect(endpoint?.status).toBe('fail');
    expect(`${endpoint?.detail} ${endpoint?.fix}`).toMatch(/KEYCLOAK_TOKEN_URL/);
    expect(authentication?.status).not.toBe('fail');
  } finally {
    await idp.close();
  }
}, 60_000);
