import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { InSessionApiCall } from '@dual-auth/client';
import { createAdapter } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { createTrustingFetch } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  type LocalIdpProcess,
  type SourceProcess,
  startExampleProcess,
  startLocalIdpProcess,
} from '../../../tools/child-process-kit.ts';

// The IdP and the API run as their own processes over HTTPS; this test is the agent.
describe('finance-api example (Workers-style handler served on Node)', () => {
  let dir: string;
  let idp: LocalIdpProcess;
  let api: SourceProcess;
  let apiUrl: string;
  let trustingFetch: typeof fetch;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'finance-api-'));
    idp = await startLocalIdpProcess(dir);
    const port = await freePort();
    api = await startExampleProcess({
      name: 'finance-api',
      entry: join(import.meta.dirname, 'serve-on-node.ts'),
      cwd: dir,
      idp,
      extraEnv: { PORT: String(port) },
    });
    apiUrl = `https://127.0.0.1:${port}/api/balance`;
    trustingFetch = createTrustingFetch(await readFile(idp.env.NODE_EXTRA_CA_CERTS ?? '', 'utf8'));
  });
  afterAll(async () => {
    await api?.stop();
    await idp?.stop();
    await rm(dir, { recursive: true, force: true });
  });

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
