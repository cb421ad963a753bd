import { entraIdPlugin } from '@dual-auth/adapter-entraid';
import { createAdapter, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDelegation } from './end-delegation.js';
import { HybridSender } from './hybrid-sender.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const AGENT = 'https://agent.example/invoke';
const SCOPE = ['finance.read'];

/**
 * An out-of-session agent with its own cache (which `endDelegation` does not reach) on a clock
 * that starts two minutes behind the IdP's: the cut-off is recorded then, and moving the clock
 * to the IdP's time puts a whole IdP second (and the act JWT's clock tolerance) between the
 * cut-off and the next delegation's tokens, with no waiting.
 */
async function agentSetup(idp: LocalIdp) {
  const alice = [...idp.humans.values()][0]?.sub ?? '';
  let offsetMs = -120_000;
  const clock = { now: () => Date.now() + offsetMs };
  let idpRequests = 0;
  const fetch: typeof globalThis.fetch = (input, init) => {
    if (String(input) === idp.tokenUrl) idpRequests += 1;
    return idp.fetch(input, init);
  };
  const adapter = await createAdapter(undefined, {
    env: idp.env('finance-agent'),
    plugins: [entraIdPlugin],
    fetch,
  });
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const outOfSession = new OutOfSessionTokenRequest({
    adapter,
    cache: new SingleFlightTokenCache({ clock }),
    clock,
    publicKey: idp.app.publicKeyPem,
    expectedAudience: AGENT,
    cutoffStore,
  });
  const sender = new HybridSender({ privateKey: idp.app.privateKeyPem, clock });
  const providerFor = async (sub: string) =>
    outOfSession.tokenProviderFromJwt({
      actJwt: await sender.prepareOutOfSessionAct({ act: { sub }, agentEndpoint: AGENT }),
      agentId: 'finance-agent',
      scope: SCOPE,
      delegationSeconds: 3600,
    });
  return {
    alice,
    providerFor,
    endAliceDelegation: () => endDelegation({ human: alice, cutoffStore, clock }),
    catchUpWithIdp: () => {
      offsetMs = 0;
    },
    idpRequests: () => idpRequests,
  };
}

// Entra dates `iat` 5 minutes before it mints a token (the local IdP as Entra, and one dating tokens
// when minted). The cache judged a stored token by its raw `iat`, so for 5 minutes after the cut-off
// the new delegation's token was asked of the IdP again on every call; it judges it at `iat` plus
// the adapter's `iatBackdateSeconds`, as the API guard does, and a token minted before the cut-off
// is still never served.
describe.each([0, 300])(
  "Entra tokens capped by the act assertion, after the human's cut-off (local entraid IdP dating iat %i s back)",
  (iatBackdateSeconds) => {
    let idp: LocalIdp;
    beforeAll(async () => {
      idp = await startLocalIdp({ vendor: 'entraid', vendorOptions: { iatBackdateSeconds } });
    }, 60_000);
    afterAll(() => idp?.close());

    it('a new delegation after the cut-off is served from the cache on its second call; the token from before the cut-off is not', async () => {
      const agent = await agentSetup(idp);
      const before = await (await agent.providerFor(agent.alice)).getToken({});
      expect(before.actAssertion).toBeDefined();
      // Capped by the act assertion (300 s), well before the token's own hour.
      expect(before.expiresAt).toBeLessThan(Date.now() + 301_000);
      expect(agent.idpRequests()).toBe(1);

      await agent.endAliceDelegation();
      agent.catchUpWithIdp();
      const provider = await agent.providerFor(agent.alice);
      const first = await provider.getToken({});
      expect(first.accessToken).not.toBe(before.accessToken);
      expect(agent.idpRequests()).toBe(2);

      const second = await provider.getToken({});
      expect(second.accessToken).toBe(first.accessToken);
      expect(agent.idpRequests()).toBe(2);
    });
  },
);
