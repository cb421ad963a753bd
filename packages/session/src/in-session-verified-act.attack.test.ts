import { beforeAll, describe, expect, it } from 'vitest';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

const REFUSAL = new TypeError(
  'InSessionTokenRequest: this act came from an act JWT, whose exp ends the delegation: request with the OutOfSessionTokenRequest that verified it',
);

// An agent service that verifies an act JWT and runs its task in runWithAct(verified, …) with
// tools wrapped by withDualSubjectToken({ tokenRequest: inSession }) (the async context example)
// asked the IdP for the human's tokens long after the application's mandate (the act JWT's exp).
describe("attack: InSessionTokenRequest given an act JWT's verified act", () => {
  it("refuses it before any IdP request, also once the act JWT's exp has passed", async () => {
    const { clock, adapter, sender, outOfSession } = outOfSessionSetup(app);
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT_ENDPOINT,
      ttlSeconds: 60,
    });
    const act = await outOfSession.receiveAndVerifyActJwt(actJwt);
    const inSession = new InSessionTokenRequest({ adapter, clock });
    const request = { agentId: 'finance-agent', act, scope: ['finance.read'] };
    clock.advance(3600);
    await expect(inSession.requestToken(request)).rejects.toThrow(REFUSAL);
    expect(() => inSession.tokenProvider(request)).toThrow(REFUSAL);
    expect(adapter.calls).toBe(0);
    await expect(outOfSession.requestToken(request)).rejects.toMatchObject({ reason: 'expired' });
  });

  it('still takes a copy of the act the app builds itself', async () => {
    const { clock, adapter } = outOfSessionSetup(app);
    const inSession = new InSessionTokenRequest({ adapter, clock });
    const request = { agentId: 'finance-agent', act: { sub: 'u-1' }, scope: ['finance.read'] };
    await expect(inSession.requestToken(request)).resolves.toBeDefined();
    expect(adapter.calls).toBe(1);
  });
});
