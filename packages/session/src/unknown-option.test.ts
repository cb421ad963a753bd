import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { ActJwtVerifier } from './act-jwt/act-jwt-verifier.js';
import { endDelegation } from './end-delegation.js';
import { HybridSender } from './hybrid-sender.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';

const ACT = { sub: 'user-1' };
let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

describe('session refuses options it does not know', () => {
  it('names the class and the option meant', () => {
    expect(() => new ActJwtVerifier({ publicKey: app.publicPem, cutofStore: {} } as never)).toThrow(
      new TypeError(
        'new ActJwtVerifier: cutofStore is not an option (did you mean cutoffStore?); pass only the options it takes, and install every @dual-auth package from one release line',
      ),
    );
    expect(() => new HybridSender({ includeEmails: true } as never)).toThrow(
      'new HybridSender: includeEmails is not an option (did you mean includeEmail?)',
    );
  });

  it('refuses a key of another config spread in, though its value is undefined', () => {
    expect(
      () =>
        new InSessionTokenRequest({ adapter: new CountingAdapter(), redisUrl: undefined } as never),
    ).toThrow(/^new InSessionTokenRequest: redisUrl is not an option \(the options are adapter, /);
  });

  it('endDelegation records no cut-off when an option is unknown', async () => {
    const cutoffStore = new InMemoryDelegationCutoffStore();
    await expect(endDelegation({ human: ACT, cutoffStore, keep: 60_000 } as never)).rejects.toThrow(
      'endDelegation: keep is not an option (did you mean keepMs?)',
    );
    expect(await cutoffStore.cutoffOf(ACT.sub)).toBeUndefined();
  });

  it('refuses a misspelled signedInAtMs of an in-session request before the IdP is asked', async () => {
    const adapter = new CountingAdapter();
    const inSession = new InSessionTokenRequest({ adapter });
    const request = { agentId: 'agent-1', act: ACT, scope: ['read'], signedInAt: Date.now() };
    await expect(inSession.requestToken(request as never)).rejects.toThrow(
      'InSessionTokenRequest.requestToken: signedInAt is not an option (did you mean signedInAtMs?)',
    );
    expect(() => inSession.tokenProvider(request as never)).toThrow(
      'InSessionTokenRequest.tokenProvider: signedInAt is not an option',
    );
    expect(adapter.calls).toBe(0);
  });

  it('refuses a misspelled per-call option of the act JWT methods before the act JWT is verified', async () => {
    const outOfSession = new OutOfSessionTokenRequest({
      adapter: new CountingAdapter(),
      publicKey: app.publicPem,
      expectedAudience: 'https://agent.example.com/invoke',
    });
    const sender = new HybridSender({ privateKey: app.privatePem });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: ACT,
      agentEndpoint: 'https://agent.example.com/invoke',
    });
    await expect(
      outOfSession.tokenProviderFromJwt({
        actJwt,
        agentId: 'agent-1',
        scope: ['read'],
        delegationSecond: 60,
      } as never),
    ).rejects.toThrow(
      'OutOfSessionTokenRequest.tokenProviderFromJwt: delegationSecond is not an option (did you mean delegationSeconds?)',
    );
    // The act JWT was not spent by the refused call.
    await expect(
      outOfSession.requestTokenFromJwt({ actJwt, agentId: 'agent-1', scope: ['read'] }),
    ).resolves.toBeDefined();
    await expect(
      sender.prepareOutOfSessionAct({
        act: ACT,
        agentEndpoint: 'https://a.example',
        ttl: 30,
      } as never),
    ).rejects.toThrow('HybridSender.prepareOutOfSessionAct: ttl is not an option');
  });
});
