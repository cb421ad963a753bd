import type { Act } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AGENT_ENDPOINT as AGENT, localIdpAgent } from '../test/local-idp-agent.js';
import { outcomeOf } from '../test/outcome-of.js';
import { endDelegation } from './end-delegation.js';

const SCOPE = ['finance.read'];

describe('OutOfSessionTokenRequest asks the IdP only for acts it verified (local keycloak IdP)', () => {
  let idp: LocalIdp;
  let alice: string;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
    alice = [...idp.humans.values()][0]?.sub ?? '';
  }, 60_000);
  afterAll(() => idp?.close());

  /**
   * {@link localIdpAgent}, with `verifiedActOf(sub)` (the act its own verification returns for an
   * act JWT of the human `sub`) and `denials()` (the reasons of its DENY decisions, in order).
   */
  async function agentSetup() {
    const agent = await localIdpAgent(idp);
    const verifiedActOf = async (sub: string) =>
      agent.outOfSession.receiveAndVerifyActJwt(
        await agent.sender.prepareOutOfSessionAct({ act: { sub }, agentEndpoint: AGENT }),
      );
    const denials = () =>
      agent.logger.events
        .filter((e) => e.event === 'dual_auth_decision' && e.fields?.decision === 'DENY')
        .map((e) => e.fields?.reason);
    return { ...agent, verifiedActOf, denials };
  }

  it('makes no IdP request for a forged act, a copy of a verified one, or one another instance verified', async () => {
    const agent = await agentSetup();
    const forged: Act = { sub: alice };
    const verified = await agent.verifiedActOf(alice);
    const other = await agentSetup();
    const fromOther = await other.verifiedActOf(alice);

    for (const act of [forged, { ...verified }, fromOther]) {
      expect(
        await outcomeOf(
          agent.outOfSession.requestToken({ agentId: 'finance-agent', act, scope: SCOPE }),
        ),
      ).toBe('invalid_act');
      expect(() =>
        agent.outOfSession.tokenProvider({ agentId: 'finance-agent', act, scope: SCOPE }),
      ).toThrow(expect.objectContaining({ reason: 'invalid_act' }));
    }
    expect(agent.idpRequests()).toBe(0);
    expect(await agent.cachedFor(alice)).toEqual([]);
    expect(agent.denials()).toEqual(Array(6).fill('act_jwt.invalid_act'));

    // The very object this instance's verification returned gets a token from the IdP.
    const token = agent.outOfSession.requestToken({
      agentId: 'finance-agent',
      act: verified,
      scope: SCOPE,
    });
    expect(await outcomeOf(token)).toBe('token');
    expect(agent.idpRequests()).toBe(1);
  });

  it('gives no token, and caches none, when the delegation is ended while the IdP mints it', async () => {
    const agent = await agentSetup();
    const verified = await agent.verifiedActOf(alice);
    const { inIdp, release } = agent.hold();
    const pending = outcomeOf(
      agent.outOfSession.requestToken({ agentId: 'finance-agent', act: verified, scope: SCOPE }),
    );
    await inIdp;
    await endDelegation({ human: alice, cutoffStore: agent.cutoffStore });
    release();

    expect(await pending).toBe('revoked');
    expect(await agent.cachedFor(alice)).toEqual([]);
    expect(agent.idpRequests()).toBe(1);
    // Read again before the next IdP request: the ended delegation asks the IdP no more.
    expect(
      await outcomeOf(
        agent.outOfSession.requestToken({ agentId: 'finance-agent', act: verified, scope: SCOPE }),
      ),
    ).toBe('revoked');
    const provider = agent.outOfSession.tokenProvider({
      agentId: 'finance-agent',
      act: verified,
      scope: SCOPE,
    });
    expect(await outcomeOf(provider.getToken({ forceRefresh: true }))).toBe('revoked');
    expect(agent.idpRequests()).toBe(1);
  });
});
