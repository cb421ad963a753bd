import { join } from 'node:path';
import { HybridSender, UserSession } from '@dual-auth/session';
import { createTrustingFetch } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balanceThroughWebApp,
  type ExampleStack,
  type LocalIdpProcess,
  startExampleStack,
} from '../../../tools/child-process-kit.ts';

const FINANCE_API = join(import.meta.dirname, '../../finance-api/src/serve-on-node.ts');

// Four processes over HTTPS: the local IdP, the finance API, the agent service and the web app.
describe('out-of-session example', () => {
  let stack: ExampleStack;
  let idp: LocalIdpProcess;
  let webUrl: string;
  let agentUrl: string;
  let trustingFetch: typeof fetch;

  beforeAll(async () => {
    stack = await startExampleStack({
      tmpPrefix: 'out-of-session-',
      examples: [
        { name: 'finance-api', entry: FINANCE_API },
        { name: 'agent service', entry: join(import.meta.dirname, 'agent-main.ts') },
        { name: 'out-of-session web app', entry: join(import.meta.dirname, 'web-app-main.ts') },
      ],
      env: ([apiOrigin, agentOrigin]) => ({
        FINANCE_API_URL: `${apiOrigin}/api/balance`,
        AGENT_URL: `${agentOrigin}/invoke`,
      }),
    });
    idp = stack.idp;
    agentUrl = `${stack.origins[1]}/invoke`;
    webUrl = stack.origins[2] ?? '';
    trustingFetch = createTrustingFetch(stack.caCertPem);
  });
  afterAll(() => stack?.stop());

  const balanceAs = (username: string) => balanceThroughWebApp(trustingFetch, webUrl, username);

  function postActJwt(actJwt: string) {
    return trustingFetch(agentUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ act_jwt: actJwt }),
    });
  }

  it('web app → signed act JWT → agent service → API: ALLOW for an authorized human', async () => {
    const response = await balanceAs('alice');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      balance: 1234.56,
      agent: 'finance-agent',
      human: idp.env.HUMAN_ALICE_SUB,
    });
  });

  it('the API refuses the agent acting for a human without FinanceUser', async () => {
    const response = await balanceAs('bob');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ failed_side: 'human' });
  });

  it('the agent service takes an act JWT once, and only one signed for its own URL', async () => {
    const sender = new HybridSender({ privateKey: idp.env.APP_PRIVATE_KEY });
    const act = sender.extractActFromSession(
      new UserSession({ userId: idp.env.HUMAN_ALICE_SUB ?? '' }),
    );
    const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: agentUrl });
    expect((await postActJwt(actJwt)).status).toBe(200);
    const replayed = await postActJwt(actJwt);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toEqual({ error: 'invalid_act_jwt', reason: 'replayed' });
    const elsewhere = await sender.prepareOutOfSessionAct({
      act,
      agentEndpoint: 'https://other-agent.example.com/invoke',
    });
    const moved = await postActJwt(elsewhere);
    expect(moved.status).toBe(400);
    expect(await moved.json()).toEqual({ error: 'invalid_act_jwt', reason: 'wrong_audience' });
  });
});
