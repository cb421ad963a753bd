import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createAdapter } from '@dual-auth/core';
import { HybridSender, UserSession } from '@dual-auth/session';
import { startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { startRemoteAgent } from './remote-agent.js';

const AGENT = 'finance-agent';

describe('the demo remote agent', () => {
  it('answers a failure after a valid act JWT with 502 and its class, not 400 like a bad act JWT', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak' });
    try {
      // The IdP refuses this agent (a wrong secret): the act JWT itself is valid.
      const env = {
        ...idp.env(AGENT),
        AGENT_CLIENT_SECRET: 'not-the-secret-the-idp-issued-0123456789',
      };
      const adapter = await createAdapter(undefined, {
        env,
        plugins: [keycloakPlugin],
        fetch: idp.fetch,
      });
      const agent = await startRemoteAgent({
        idp,
        adapter,
        agentId: AGENT,
        apiUrl: 'https://127.0.0.1:9/unused',
        describeToken: () => '',
      });
      try {
        const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
        const alice = [...idp.humans.values()].find((human) => human.username === 'alice');
        const act = sender.extractActFromSession(new UserSession({ userId: String(alice?.sub) }));
        const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: agent.endpoint });
        const post = () =>
          idp.fetch(agent.endpoint, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ act_jwt: actJwt }),
          });

        const response = await post();
        expect(response.status).toBe(502);
        expect(await response.json()).toMatchObject({ error: 'TokenRequestError' });

        // The same act JWT again is the web app's fault (a replay): still a 400 with its reason.
        const replay = await post();
        expect(replay.status).toBe(400);
        expect(await replay.json()).toMatchObject({
          error: 'ActVerificationError',
          reason: 'replayed',
        });
      } finally {
        await agent.close();
      }
    } finally {
      await idp.close();
    }
  }, 60_000);
});
