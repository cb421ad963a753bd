import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { createAdapter, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

// Entra dates `iat` 5 minutes before it mints a token. In session, the token cache judged a stored
// token by its raw `iat` after the human's cut-off, so for 5 minutes after `endDelegation` every
// call of the human's new session asked the IdP instead of the cache.
describe("in session, after the human's cut-off (local entraid IdP, backdating as Entra)", () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid' });
  }, 60_000);
  afterAll(() => idp?.close());

  it("serves the new session's token from the cache on its second call", async () => {
    let idpRequests = 0;
    const adapter = await createAdapter(undefined, {
      env: idp.env('finance-agent'),
      plugins: [entraIdPlugin],
      fetch: (input, init) => {
        if (String(input) === idp.tokenUrl) idpRequests += 1;
        return idp.fetch(input, init);
      },
    });
    const cutoffStore = new InMemoryDelegationCutoffStore();
    const cache = new SingleFlightTokenCache();
    const inSession = new InSessionTokenRequest({ adapter, cutoffStore, cache });
    const human = [...idp.humans.values()].find((h) => h.username === 'alice');
    if (human === undefined) throw new Error('no human');
    const act = { sub: human.sub, ...(human.oid === undefined ? {} : { oid: human.oid }) };
    // She logged out 20 s ago (more than the 15 s clock tolerance, with no waiting) and signed in
    // again: Entra dates the agent's new token 5 minutes back too.
    await endDelegation({ human: act, cutoffStore, clock: { now: () => Date.now() - 20_000 } });
    const provider = inSession.tokenProvider({
      agentId: 'finance-agent',
      act,
      scope: ['finance.read'],
      // The Entra adapter sends no subject token (legacy layout): the app's sign-in time dates it.
      signedInAtMs: Date.now(),
    });
    const first = await provider.getToken({});
    expect(idpRequests).toBe(1);
    const second = await provider.getToken({});
    expect(second.accessToken).toBe(first.accessToken);
    expect(idpRequests).toBe(1);
    expect(cache.stats().hits).toBe(1);
  });
});
