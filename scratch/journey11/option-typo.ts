// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: is a misspelled security option (cutofStore for cutoffStore) refused, or silently
// ignored (the delegation cut-off then not enforced)? The same silence as a mixed install's old
// session given today's cutoffStore.

import { keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { createDualAuthGuard } from '@dual-auth/resource';
import { InSessionTokenRequest, OutOfSessionTokenRequest } from '@dual-auth/session';

const adapter = {
  specificationVersion: 'v1',
  vendor: 'keycloak',
  id: 'x',
  audience: 'a',
  requestToken: async () => {
    throw new Error('no');
  },
} as never;
for (const [label, make] of [
  [
    'OutOfSession cutofStore',
    () =>
      new OutOfSessionTokenRequest({
        adapter,
        publicKey: undefined as never,
        jwksUrl: 'https://app.example/jwks',
        cutofStore: new InMemoryDelegationCutoffStore(),
      } as never),
  ],
  [
    'InSession cutofStore',
    () =>
      new InSessionTokenRequest({
        adapter,
        cutofStore: new InMemoryDelegationCutoffStore(),
      } as never),
  ],
  [
    'guard cutofStore',
    () =>
      createDualAuthGuard({
        profile: keycloakTokenProfile,
        issuer: 'https://i.example',
        audience: 'a',
        jwksUri: 'https://i.example/jwks',
        agentAllowed: () => true,
        humanAllowed: () => true,
        cutofStore: new InMemoryDelegationCutoffStore(),
      } as never),
  ],
] as const) {
  try {
    make();
    console.log(label, '→ accepted silently');
  } catch (e) {
    console.log(label, '→', (e as Error).name, (e as Error).message);
  }
}
