import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createAdapter } from '@dual-auth/core';

// Run by create-adapter-discovery.test.ts under plain Node (tools/run-source.mjs), so core's
// import() of the vendor package resolves as it does in this pnpm-installed app, not through the
// test runner's resolver. Prints the adapter's id, or the error's message.
const env = {
  DUAL_AUTH_VENDOR: 'keycloak',
  KEYCLOAK_TOKEN_URL: 'https://kc.example.com/realms/agbac/protocol/openid-connect/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'a-client-secret-of-at-least-32-bytes!!',
};
const plugins = process.argv[2] === 'with-plugins' ? [keycloakPlugin] : [];

try {
  const adapter = await createAdapter(undefined, { env, plugins });
  process.stdout.write(JSON.stringify({ adapterId: adapter.id }));
} catch (error) {
  process.stdout.write(JSON.stringify({ error: (error as Error).message }));
}
