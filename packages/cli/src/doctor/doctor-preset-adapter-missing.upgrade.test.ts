import { oauthPlugin } from '@dual-auth/adapter-oauth';
import type { ImportModule } from '@dual-auth/core';
import { startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { oktaPresetEnv } from '../../test/support/okta-preset-env.js';
import { runDoctor } from './run-doctor.js';

// Upgrade review (wave9/upg9): a team that installed @dual-auth/cli and @dual-auth/adapter-oauth
// only, with OAUTH_PRESET=keycloak, ran `dual-auth doctor` before the upgrade and got its report.
// Now the doctor loads @dual-auth/adapter-keycloak for the token profile before any check and
// throws when it is not installed. FAILS on int14.

// The module loader of an install without @dual-auth/adapter-keycloak (the monorepo has it).
const without =
  (vendor: string): ImportModule =>
  (specifier) =>
    specifier.startsWith(`@dual-auth/adapter-${vendor}`)
      ? Promise.reject(
          Object.assign(new Error(`Cannot find package '${specifier}'`), {
            code: 'ERR_MODULE_NOT_FOUND',
          }),
        )
      : import(/* @vite-ignore */ specifier);
const withoutKeycloakAdapter = without('keycloak');

describe('upgrade: doctor with an OAUTH_PRESET, without the preset vendor adapter installed', () => {
  it('still reports its checks (the token judged with the oauth profile, or a check saying what to install)', async () => {
    const run = runDoctor({
      human: 'alice',
      audience: 'https://api.example.com',
      // The human's token (a JWT the doctor only sends): the IdP is not reached anyway.
      subjectToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSIsImlhdCI6MTc5NTQyMTcyNX0.c2lnbmF0dXJl',
      env: {
        DUAL_AUTH_VENDOR: 'oauth',
        OAUTH_PRESET: 'keycloak',
        // Nothing listens there: the token endpoint check fails, the report still comes.
        OAUTH_TOKEN_URL: 'https://127.0.0.1:9/realms/acme/protocol/openid-connect/token',
        AGENT_CLIENT_ID: 'finance-agent',
        AGENT_CLIENT_SECRET: 'doctor-upgrade-secret-0123456789abcdef',
      },
      plugins: [oauthPlugin],
      importModule: withoutKeycloakAdapter,
      timeoutMs: 2000,
    });
    const report = await run;
    expect(report.checks.map((check) => check.id)).toContain('token-endpoint');
  }, 60_000);

  it('judges the token with the oauth profile and fails the checks that read the profile, naming the package to install', async () => {
    const audience = 'https://mcp.example.com/mcp';
    const idp = await startLocalIdp({ vendor: 'okta', audience });
    try {
      const alice = [...idp.humans.values()].find((h) => h.username === 'alice');
      const report = await runDoctor({
        human: alice?.sub ?? 'no alice',
        audience,
        subjectToken: await idp.issueSubjectToken({ human: 'alice' }),
        env: oktaPresetEnv(idp, audience),
        plugins: [oauthPlugin],
        importModule: without('okta'),
        fetch: idp.fetch,
      });
      const status = (id: string) => report.checks.find((check) => check.id === id);
      expect(status('token-endpoint')).toMatchObject({ status: 'pass' });
      expect(status('audience')).toMatchObject({ status: 'pass' });
      expect(status('lifetime')).toMatchObject({ status: 'pass' });
      expect(status('human')).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(/with the oauth token profile .*the okta token profile/),
        fix: expect.stringContaining('npm install --save-dev @dual-auth/adapter-okta'),
      });
      // No expectation given: still skipped, nothing to install for it.
      expect(status('scopes')).toMatchObject({ status: 'skip' });
      expect(report.ok).toBe(false);
    } finally {
      await idp.close();
    }
  }, 120_000);
});
