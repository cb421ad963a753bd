// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: a client secret rotated in Vault (emulator) and at the IdP, under a running agent.
// The agent reads its config through getConfig + VaultSecretsBackend (cacheTtlMs 1 s), builds its
// adapter once (as the READMEs show) and keeps requesting tokens (no token cache, so every
// request reaches the IdP). Steps: 1) S1 everywhere; 2) IdP restarted with S2 only (the rotation
// done at the IdP, old secret gone) and Vault updated to S2; 3) what the running adapter does;
// 4) a rebuilt adapter (getConfig again).
import { randomBytes, randomUUID } from 'node:crypto';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createAdapter, getConfig } from '@dual-auth/core';
import { VaultSecretsBackend } from '@dual-auth/secrets-vault';
import { createTestCa, createTrustingFetch, startLocalIdp } from '@dual-auth/testing';
import { startVaultEmulator } from '@dual-auth/testing/emulators';

const s1 = randomBytes(32).toString('base64url');
const s2 = randomBytes(32).toString('base64url');
const ca = await createTestCa();
const agent = (clientSecret: string) => [
  { clientId: 'finance-agent', clientSecret, roles: ['FinanceAgent'], scopes: ['finance.read'] },
];
let idp = await startLocalIdp({ vendor: 'keycloak', ca, agents: agent(s1) });
const trusting = createTrustingFetch(ca.caPem); // not idp.fetch: that one dies with its IdP
const port = Number(new URL(idp.tokenUrl).port);
const TOKEN = 'hvs.journey11-only';
const vault = await startVaultEmulator({ tokens: [TOKEN] });
const put = (key: string, value: string) => vault.setSecret(`secret/dual-auth/${key}`, { value });
put('keycloak-token-url', idp.tokenUrl);
put('agent-client-id', 'finance-agent');
put('agent-client-secret', s1);
const env = {
  DUAL_AUTH_VENDOR: 'keycloak',
  DUAL_AUTH_SECRETS_BACKEND: 'vault',
  VAULT_ADDR: vault.endpoint,
  VAULT_TOKEN: TOKEN,
};
const backend = new VaultSecretsBackend({ env, caPem: vault.caPem, cacheTtlMs: 1000 });
const build = async () =>
  createAdapter(await getConfig({ env, backend, plugins: [keycloakPlugin] }), {
    plugins: [keycloakPlugin],
    adapterOptions: { fetch: trusting },
  });
const act = { sub: randomUUID() };
const ask = async (label: string, adapter: Awaited<ReturnType<typeof build>>) => {
  try {
    const token = await adapter.requestToken({
      agentId: 'finance-agent',
      act,
      scope: ['finance.read'],
    });
    console.log(label, 'OK', token.accessToken.length > 0);
  } catch (error) {
    const e = error as Error & { status?: number; errorCode?: string };
    console.log(label, 'FAILED', e.name, e.status, e.errorCode ?? '', '|', e.message);
  }
};
const running = await build();
await ask('1 S1 everywhere, running adapter:', running);
await idp.close();
idp = await startLocalIdp({ vendor: 'keycloak', ca, port, agents: agent(s2) });
put('agent-client-secret', s2);
await new Promise((r) => setTimeout(r, 1500)); // past the backend's cacheTtlMs
await ask('2 after rotation, running adapter (built with S1):', running);
await ask('3 after rotation, adapter rebuilt by getConfig:', await build());
const leaks = [s1, s2, TOKEN].filter(
  (s) => JSON.stringify(running).includes(s) || String(running).includes(s),
);
console.log('secrets in String/JSON of the adapter:', leaks.length);
await idp.close();
await vault.close();
