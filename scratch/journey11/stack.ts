// Journey 11: the local stack the probes share: a Keycloak-shaped local IdP, its first human, an
// adapter for finance-agent, and an API (the resource guard's fetch wrapper) that admits
// FinanceAgent acting for that human; `extra` adds the key source and the stores.
import { keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { createAdapter, type IamAdapter } from '@dual-auth/core';
import {
  agentHasRole,
  createDualAuthGuard,
  type DualAuthGuardOptions,
  humanIn,
} from '@dual-auth/resource';
import { withDualAuth } from '@dual-auth/resource/fetch';
import { type HumanInput, startLocalIdp } from '@dual-auth/testing';

export async function startKeycloakStack(
  options: { humans?: HumanInput[]; adapterOptions?: object } = {},
) {
  const idp = await startLocalIdp({
    vendor: 'keycloak',
    ...(options.humans ? { humans: options.humans } : {}),
  });
  const alice = [...idp.humans.values()][0] as { sub: string };
  const adapter: IamAdapter = await createAdapter(undefined, {
    plugins: [keycloakPlugin],
    env: idp.env(),
    adapterOptions: { fetch: idp.fetch, ...options.adapterOptions },
  } as never);
  const api = (extra: Partial<DualAuthGuardOptions>) =>
    withDualAuth(
      () => Response.json({ ok: true }),
      createDualAuthGuard({
        profile: keycloakTokenProfile,
        issuer: idp.issuer,
        audience: idp.audience,
        agentAllowed: agentHasRole('FinanceAgent'),
        humanAllowed: humanIn([alice.sub]),
        ...extra,
      } as DualAuthGuardOptions),
    );
  return { idp, alice, adapter, api };
}

/** One GET with the token as its bearer credential. */
export const callWith = (api: (request: Request) => Promise<Response>, accessToken: string) =>
  api(
    new Request('https://api.example/balance', {
      headers: { authorization: `Bearer ${accessToken}` },
    }),
  );
