import { createAdapter } from '@dual-auth/core';
import { expect, it } from 'vitest';

// Journey 8: this app depends on @dual-auth/adapter-keycloak (package.json), installed with pnpm,
// the repository's own package manager. The session README's agent service calls
// `createAdapter()` with no `plugins`, so core imports the vendor's package by name, from core's own
// folder; under pnpm's isolated node_modules core cannot see the app's dependencies, and the
// answer is "DUAL_AUTH_VENDOR=keycloak needs @dual-auth/adapter-keycloak: npm install
// @dual-auth/adapter-keycloak", for a package that is installed.
it('finds the installed vendor adapter of the app when no plugins are passed', async () => {
  const adapter = await createAdapter(undefined, {
    env: {
      DUAL_AUTH_VENDOR: 'keycloak',
      KEYCLOAK_TOKEN_URL: 'https://kc.example.com/realms/agbac/protocol/openid-connect/token',
      AGENT_CLIENT_ID: 'finance-agent',
      AGENT_CLIENT_SECRET: 'a-client-secret-of-at-least-32-bytes!!',
    },
  });
  expect(adapter.id).toMatch(/^keycloak/);
});
