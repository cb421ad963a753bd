import { adapterIdWithoutKey, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addPayrollAgent,
  dpopAdapter,
  expectRevokedOnly,
  PAYROLL_AGENT,
} from '../test/dpop-agents.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// Finding (session 20, user20): an adapter with `dpop` has the prover's random id in its `id`,
// so each agent instance (or each restart, with a new key) caches its own DPoP-bound token. The
// human's `endDelegation` listed only the tokens of the ending adapter's id: the others were
// dropped and cut off, but never revoked at the IdP (RFC 7009), which ending a delegation
// promises. Revocation needs the token and the client's authentication, no proof (RFC 7009 §2.1;
// RFC 9449 defines proofs for the token endpoint and resources only): any instance can revoke.

describe('endDelegation of a human whose tokens are bound to several agent instances’ DPoP keys (local keycloak IdP, opaque tokens)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'keycloak', accessTokenFormat: 'opaque' });
    addPayrollAgent(idp);
  }, 60_000);
  afterAll(() => idp?.close());

  it("revokes every instance's token of the human for that agent, and no other human's or agent's", async () => {
    const cache = new SingleFlightTokenCache();
    const [instanceA, instanceB, payroll, webApp] = await Promise.all([
      dpopAdapter(idp),
      dpopAdapter(idp),
      dpopAdapter(idp, PAYROLL_AGENT),
      dpopAdapter(idp, 'finance-agent', { dpop: false }),
    ]);
    expect(instanceA.id).not.toBe(instanceB.id);
    expect(adapterIdWithoutKey(instanceA.id)).toBe(webApp.id);
    const [alice, bob] = [...idp.humans.values()];
    if (alice === undefined || bob === undefined) throw new Error('two humans expected');
    const ask = (adapter: typeof instanceA, agentId: string, sub: string) =>
      new InSessionTokenRequest({ adapter, cache }).requestToken({
        agentId,
        act: { sub },
        scope: ['finance.read'],
      });
    const aliceA = await ask(instanceA, 'finance-agent', alice.sub);
    const aliceB = await ask(instanceB, 'finance-agent', alice.sub);
    const bobB = await ask(instanceB, 'finance-agent', bob.sub);
    const alicePayroll = await ask(payroll, PAYROLL_AGENT, alice.sub);
    for (const token of [aliceA, aliceB, bobB, alicePayroll]) expect(token.tokenType).toBe('DPoP');
    expect(aliceB.accessToken).not.toBe(aliceA.accessToken);

    // The web app ends it with an adapter of the agent that has no key: its id has no DPoP part.
    const ended = await endDelegation({
      human: alice.sub,
      cache,
      adapter: webApp,
      cutoffStore: new InMemoryDelegationCutoffStore(),
    });

    expect(ended.droppedTokens).toBe(3);
    // Attack: another human's token, and the human's token of another agent, stay as they were.
    await expectRevokedOnly(idp, ended, {
      revoked: [aliceA, aliceB],
      kept: [bobB, alicePayroll],
    });
  });
});
