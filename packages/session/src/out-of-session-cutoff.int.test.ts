import {
  type DelegationCutoffStore,
  InMemoryDelegationCutoffStore,
  StoreUnavailableError,
} from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AGENT_ENDPOINT as AGENT, localIdpAgent } from '../test/local-idp-agent.js';
import { outcomeOf } from '../test/outcome-of.js';
import { endDelegation } from './end-delegation.js';

const SCOPE = ['finance.read'];

describe("the human's cut-off stops an out-of-session agent (local keycloak IdP)", () => {
  let idp: LocalIdp;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak' });
    const humans = [...idp.humans.values()];
    alice = humans[0]?.sub ?? '';
    bob = humans[1]?.sub ?? '';
  }, 60_000);
  afterAll(() => idp?.close());

  /**
   * {@link localIdpAgent}, with `actJwtFor(sub)` (an act JWT of the human `sub` for the agent)
   * and `providerFor(sub)` (a token provider from it, delegated for the longest allowed, an hour).
   */
  async function agentSetup(cutoffStore?: DelegationCutoffStore) {
    const agent = await localIdpAgent(idp, cutoffStore);
    const actJwtFor = (sub: string) =>
      agent.sender.prepareOutOfSessionAct({ act: { sub }, agentEndpoint: AGENT });
    const providerFor = async (sub: string) =>
      agent.outOfSession.tokenProviderFromJwt({
        actJwt: await actJwtFor(sub),
        agentId: 'finance-agent',
        scope: SCOPE,
        delegationSeconds: 3600,
      });
    return { ...agent, actJwtFor, providerFor };
  }

  it('tokenProviderFromJwt: after endDelegation the next getToken, cached or forced, is refused (revoked) with no IdP request; another human goes on', async () => {
    const agent = await agentSetup();
    const aliceProvider = await agent.providerFor(alice);
    const bobProvider = await agent.providerFor(bob);
    await aliceProvider.getToken({});
    await bobProvider.getToken({});
    expect(agent.idpRequests()).toBe(2);

    await endDelegation({ human: alice, cutoffStore: agent.cutoffStore });

    expect(await outcomeOf(aliceProvider.getToken({}))).toBe('revoked');
    expect(await outcomeOf(aliceProvider.getToken({ forceRefresh: true }))).toBe('revoked');
    expect(agent.idpRequests()).toBe(2);
    expect(await agent.cachedFor(alice)).toEqual([]);
    expect(await outcomeOf(bobProvider.getToken({ forceRefresh: true }))).toBe('token');
    const ended = agent.logger.events.filter((e) => e.event === 'jwt_delegation_ended');
    expect(ended).toHaveLength(2);
    expect(ended[0]).toMatchObject({
      level: 'warn',
      fields: { reason: 'revoked', human_id: alice },
    });
    const denied = agent.logger.events.filter(
      (e) => e.event === 'dual_auth_decision' && e.fields?.decision === 'DENY',
    );
    expect(denied.map((e) => e.fields?.reason)).toEqual(['act_jwt.revoked', 'act_jwt.revoked']);
  });

  it('tokenProviderFromJwt: a renewal whose IdP answer comes after the cut-off is refused, never handed out nor cached', async () => {
    const agent = await agentSetup();
    const provider = await agent.providerFor(alice);
    await provider.getToken({});
    const { inIdp, release } = agent.hold();
    const renewal = outcomeOf(provider.getToken({ forceRefresh: true }));
    await inIdp;
    await endDelegation({ human: alice, cutoffStore: agent.cutoffStore });
    release();

    expect(await renewal).toBe('revoked');
    expect(agent.idpRequests()).toBe(2);
    expect(await agent.cachedFor(alice)).toEqual([]);
    expect(await outcomeOf(provider.getToken({}))).toBe('revoked');
  });

  it('requestTokenFromJwt: an act JWT verified before the cut-off whose IdP answer comes after it gives no token', async () => {
    const agent = await agentSetup();
    const actJwt = await agent.actJwtFor(alice);
    const { inIdp, release } = agent.hold();
    const pending = outcomeOf(
      agent.outOfSession.requestTokenFromJwt({ actJwt, agentId: 'finance-agent', scope: SCOPE }),
    );
    await inIdp;
    await endDelegation({ human: alice, cutoffStore: agent.cutoffStore });
    release();

    expect(await pending).toBe('revoked');
    expect(await agent.cachedFor(alice)).toEqual([]);
    const bobJwt = await agent.actJwtFor(bob);
    const bobs = agent.outOfSession.requestTokenFromJwt({
      actJwt: bobJwt,
      agentId: 'finance-agent',
      scope: SCOPE,
    });
    expect(await outcomeOf(bobs)).toBe('token');
  });

  it('fails closed when the cut-off store stops answering: cutoff_store_unavailable, no IdP request', async () => {
    // The one stand-in: a store outage is a store that throws StoreUnavailableError (as
    // @dual-auth/store-redis does when Redis does not answer), over a real in-memory store.
    const store = new InMemoryDelegationCutoffStore();
    let down = false;
    const flaky: DelegationCutoffStore = {
      endDelegation: (human, cutoffMs, keepMs) => store.endDelegation(human, cutoffMs, keepMs),
      cutoffOf: (human) =>
        down
          ? Promise.reject(new StoreUnavailableError('cutoff', 'the store did not answer'))
          : store.cutoffOf(human),
    };
    const agent = await agentSetup(flaky);
    const provider = await agent.providerFor(alice);
    await provider.getToken({});
    down = true;

    expect(await outcomeOf(provider.getToken({}))).toBe('cutoff_store_unavailable');
    expect(await outcomeOf(provider.getToken({ forceRefresh: true }))).toBe(
      'cutoff_store_unavailable',
    );
    expect(agent.idpRequests()).toBe(1);
    down = false;
    expect(await outcomeOf(provider.getToken({}))).toBe('token');
  });
});
