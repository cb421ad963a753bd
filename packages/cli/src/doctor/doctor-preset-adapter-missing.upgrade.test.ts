import { oauthPlugin } from '@dual-auth/adapter-oauth';
import type { ImportModule } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { runDoctor } from './run-doctor.js';

// Upgrade review (wave9/upg9): a team that installed @dual-auth/cli and @dual-auth/adapter-oauth
// only, with OAUTH_PRESET=keycloak, ran `dual-auth doctor` before the upgrade and got its report.
// Now the doctor loads @dual-auth/adapter-keycloak for the token profile before any check and
// throws when it is not installed. FAILS on int14.

// The module loader of an install without @dual-auth/adapter-keycloak (the monorepo has it).
const withoutKeycloakAdapter: ImportModule = (specifier) =>
  specifier.startsWith('@dual-auth/adapter-keycloak')
    ? Promise.reject(
        Object.assign(new Error(`Cannot find package '${specifier}'`), {
          code: 'ERR_MODULE_NOT_FOUND',
        }),
      )
    : import(/* @vite-ignore */ specifier);

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
});
