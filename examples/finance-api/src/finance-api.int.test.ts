import { join } from 'node:path';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { InSessionApiCall } from '@dual-auth/client';
import { createAdapter } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { createTrustingFetch } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ExampleStack,
  type LocalIdpProcess,
  startExampleStack,
} from '../../../tools/child-process-kit.ts';

// The IdP and the API run as their own processes over HTTPS; this test is the agent.
describe('finance-api example (Workers-style handler served on Node)', () => {
  let stack: ExampleStack;
  let idp: LocalIdpProcess;
  let apiUrl: string;
  let trustingFetch: typeof fetch;

  beforeAll(async () => {
    stack = await startExampleStack({
      tmpPrefix: 'finance-api-',
      examples: [{ name: 'finance-api', entry: join(import.meta.dirname, 'serve-on-node.ts') }],
    });
    idp = stack.idp;
    apiUrl = `${stack.origins[0]}/api/balance`;
    trustingFetch = createTrustingFetch(stack.caCertPem);
  });
  afterAll(() => stack?.stop());

  async function callAs(username: 'ALICE' | 'BOB') {
    const adapter = await createAdapter(undefined, {
      env: idp.env,
      plugins: [keycloakPlugin],
      fetch: trustingFetch,
    });
    const act = new HybridSender().extractActFromSession(
      new UserSession({
        userId: idp.env[`HUMAN_${username}_SUB`] ?? '',
        userEmail: idp.env[`HUMAN_${username}_EMAIL`] ?? '',
      }),
    );
    const token = await new InSessionTokenRequest({ adapter }).requestToken({
      agentId: 'finance-agent',
      act,
      scope: ['finance.read'],
    });
    return new InSessionApiCall({ fetch: trustingFetch }).callApi({
      method: 'GET',
      apiUrl,
      tokenResponse: token,
      throwHttpErrors: false,
    });
  }

  it('allows the authorized agent acting for an authorized human', async () => {
    const response = await callAs('ALICE');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      balance: 1234.56,
      agent: 'finance-agent',
      human: idp.env.HUMAN_ALICE_SUB,
    });
  });

  it('denies the same agent acting for a human without FinanceUser, naming the human side', async () => {
    const response = await callAs('BOB');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ failed_side: 'human' });
  });

  it('refuses a call without a token, and answers 404 elsewhere', async () => {
    expect((await trustingFetch(apiUrl)).status).toBe(401);
    expect((await trustingFetch(new URL('/other', apiUrl))).status).toBe(404);
  });
});
