import { join } from 'node:path';
import { createTrustingFetch } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  balanceThroughWebApp,
  type ExampleStack,
  startExampleStack,
} from '../../../tools/child-process-kit.ts';

const FINANCE_API = join(import.meta.dirname, '../../finance-api/src/serve-on-node.ts');

// Three processes over HTTPS: the local IdP, the finance API and the web app with its agent.
describe('in-session example', () => {
  let stack: ExampleStack;
  let webUrl: string;
  let trustingFetch: typeof fetch;

  beforeAll(async () => {
    stack = await startExampleStack({
      tmpPrefix: 'in-session-',
      examples: [
        { name: 'finance-api', entry: FINANCE_API },
        { name: 'in-session web app', entry: join(import.meta.dirname, 'main.ts') },
      ],
      env: ([apiOrigin]) => ({ FINANCE_API_URL: `${apiOrigin}/api/balance` }),
    });
    webUrl = stack.origins[1] ?? '';
    trustingFetch = createTrustingFetch(stack.caCertPem);
  });
  afterAll(() => stack?.stop());

  const balanceAs = (username: string) => balanceThroughWebApp(trustingFetch, webUrl, username);

  it("the agent gets the human's balance when both are authorized", async () => {
    const response = await balanceAs('alice');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      balance: 1234.56,
      agent: 'finance-agent',
      human: stack.idp.env.HUMAN_ALICE_SUB,
    });
  });

  it('the API refuses the same agent acting for a human without FinanceUser', async () => {
    const response = await balanceAs('bob');
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ failed_side: 'human' });
  });

  it('nobody signed in: the agent is not called', async () => {
    const response = await trustingFetch(`${webUrl}/balance`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'not_signed_in' });
  });
});
