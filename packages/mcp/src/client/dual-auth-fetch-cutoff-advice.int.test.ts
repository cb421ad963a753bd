import { keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { keycloakLocalIdp } from '@dual-auth/adapter-keycloak/testing';
import { createAdapter, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { endDelegation, InSessionTokenRequest } from '@dual-auth/session';
import { runWithAct } from '@dual-auth/session/context';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCutoffBalanceApi } from '../../test/support/cutoff-balance-api.js';
import { dualAuthFetch } from './dual-auth-fetch.js';
import { McpCallRefusedError } from './mcp-call-refused-error.js';

// New user (session 37): an agent that does not read the cut-off (no `cutoffStore` in its token
// request) calls a server whose guard does, after `endDelegation`. Its cached token is refused,
// the renewed one too (minted within the guard's 15 s tolerance), and the McpCallRefusedError
// told the user to "check that the IdP issues tokens for this server (its audience and issuer)":
// the wrong place to look, the IdP being fine. It now says the delegation was ended.

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: keycloakLocalIdp });
}, 60_000);
afterAll(() => idp?.close());

it('a 401 after renewal for an ended delegation says so, not that the IdP issues tokens for another server', async () => {
  const cutoffStore = new InMemoryDelegationCutoffStore();
  const { api, statuses } = await startCutoffBalanceApi(idp, {
    profile: keycloakTokenProfile,
    cutoffStore,
  });
  try {
    const adapter = await createAdapter(undefined, {
      env: idp.env(),
      plugins: [keycloakPlugin],
      fetch: idp.fetch,
    });
    const call = dualAuthFetch({
      resourceMetadata: 'off',
      origin: new URL(api.url),
      tokenRequest: new InSessionTokenRequest({ adapter }), // reads no cut-off
      agentId: 'finance-agent',
      scope: ['finance.read'],
      fetch: api.fetch,
    });
    const human = [...idp.humans.values()][0]?.sub ?? '';
    const balance = () => runWithAct({ sub: human }, () => call(`${api.url}/api/balance`));
    expect((await balance()).status).toBe(200);

    await endDelegation({ human: { sub: human }, cutoffStore });
    const refused = await balance().then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(statuses).toEqual([200, 401, 401]); // the cached token, then the renewed one
    expect(McpCallRefusedError.isInstance(refused)).toBe(true);
    const { message, failedSide } = refused as McpCallRefusedError;
    expect(failedSide).toBe('credentials');
    expect(message).toContain("the human's delegation was ended (endDelegation)");
    expect(message).toContain('sign the human in again');
    expect(message).toContain('cutoffStore');
    expect(message).not.toContain('check that the IdP issues tokens for this server');
    expect(message).not.toContain(human);
  } finally {
    await api.close();
  }
}, 30_000);
