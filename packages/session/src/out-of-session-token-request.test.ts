import { ActVerificationError } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT as AGENT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { HybridSender } from './hybrid-sender.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

const setup = () => outOfSessionSetup(app);

describe('OutOfSessionTokenRequest', () => {
  it('verifies the act JWT and gets a token for the human in it', async () => {
    const { adapter, sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    const token = await outOfSession.requestTokenFromJwt({
      actJwt,
      agentId: 'finance-agent',
      scope: ['finance.read'],
    });
    expect(token.accessToken).toBe('at:finance-agent:u-1:1');
    expect(adapter.requests[0]?.act).toEqual({ sub: 'u-1' });
  });

  it('makes no IdP request for a refused or replayed act JWT', async () => {
    const { adapter, sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    await outOfSession.requestTokenFromJwt({ actJwt, agentId: 'agent', scope: ['s'] });
    const replay = await outOfSession
      .requestTokenFromJwt({ actJwt, agentId: 'agent', scope: ['s'] })
      .catch((e: unknown) => e);
    expect((replay as ActVerificationError).reason).toBe('replayed');
    const elsewhere = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: 'https://other-agent.example.com',
    });
    const wrong = await outOfSession
      .requestTokenFromJwt({ actJwt: elsewhere, agentId: 'agent', scope: ['s'] })
      .catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(wrong)).toBe(true);
    expect(adapter.calls).toBe(1);
  });

  it('refuses a bad agentId or scope before verifying, so the single-use act JWT is not spent', async () => {
    const { adapter, sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    await expect(
      outOfSession.requestTokenFromJwt({ actJwt, agentId: 'agent', scope: [] }),
    ).rejects.toThrow(TypeError);
    await expect(
      outOfSession.requestTokenFromJwt({ actJwt, agentId: '', scope: ['s'] }),
    ).rejects.toThrow(TypeError);
    await expect(
      outOfSession.tokenProviderFromJwt({ actJwt, agentId: 'agent', scope: [''] }),
    ).rejects.toThrow(TypeError);
    const token = await outOfSession.requestTokenFromJwt({
      actJwt,
      agentId: 'agent',
      scope: ['s'],
    });
    expect(token.accessToken).toBe('at:agent:u-1:1');
    expect(adapter.calls).toBe(1);
  });

  it('takes one named-parameter object, and refuses the positional form with a message naming the fix', async () => {
    const { sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    const positional = outOfSession.requestTokenFromJwt as unknown as (
      ...args: unknown[]
    ) => unknown;
    await expect(positional.call(outOfSession, actJwt, 'agent', ['s'])).rejects.toThrow(
      new TypeError(
        "requestTokenFromJwt takes one options object, not Python's positional arguments (got a string): requestTokenFromJwt({ actJwt, agentId, scope })",
      ),
    );
    const controller = new AbortController();
    const token = await outOfSession.requestTokenFromJwt({
      actJwt,
      agentId: 'agent',
      scope: ['s'],
      expectedAudience: AGENT,
      signal: controller.signal,
    });
    expect(token.accessToken).toBe('at:agent:u-1:1');
  });

  it('checks the audience given per call, and the issuer', async () => {
    const { sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: 'https://agent-2.example.com',
    });
    await expect(
      outOfSession.receiveAndVerifyActJwt(actJwt, {
        expectedAudience: 'https://agent-2.example.com',
      }),
    ).resolves.toEqual({ sub: 'u-1' });
    const other = new HybridSender({ privateKey: app.privatePem, issuer: 'https://evil' });
    const forged = await other.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AGENT });
    const error = await outOfSession.receiveAndVerifyActJwt(forged).catch((e: unknown) => e);
    expect((error as ActVerificationError).reason).toBe('wrong_issuer');
  });

  it("says what to align when the act JWT's issuer is not the expected one", async () => {
    // The Python README's receiver: expected_issuer='your-app', while senders sign "application".
    const { sender, adapter } = setup();
    const outOfSession = new OutOfSessionTokenRequest({
      adapter,
      publicKey: app.publicPem,
      expectedIssuer: 'your-app',
      expectedAudience: AGENT,
    });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    const error = await outOfSession.receiveAndVerifyActJwt(actJwt).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ reason: 'wrong_issuer', claim: 'iss' });
    expect((error as Error).message).toBe(
      'Act JWT has an unexpected issuer: expectedIssuer is "your-app"; give the sender\'s ' +
        'HybridSender issuer (default "application", as in Python) the same value',
    );
    const other = new HybridSender({ privateKey: app.privatePem, issuer: 'https://evil' });
    const forged = await other.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: AGENT });
    const refused = await outOfSession.receiveAndVerifyActJwt(forged).catch((e: unknown) => e);
    // The token's own iss is never quoted.
    expect((refused as Error).message).not.toContain('evil');
  });

  it('caches per human across act JWTs, so one verified JWT per request is all it takes', async () => {
    const { adapter, sender, outOfSession } = setup();
    for (let i = 0; i < 3; i += 1) {
      const actJwt = await sender.prepareOutOfSessionAct({
        act: { sub: 'u-1' },
        agentEndpoint: AGENT,
      });
      await outOfSession.requestTokenFromJwt({ actJwt, agentId: 'agent', scope: ['s'] });
    }
    const bobJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'bob' },
      agentEndpoint: AGENT,
    });
    const bobToken = await outOfSession.requestTokenFromJwt({
      actJwt: bobJwt,
      agentId: 'agent',
      scope: ['s'],
    });
    expect(bobToken.accessToken).toContain(':bob:');
    expect(adapter.calls).toBe(2);
  });

  it('shares one replay memory per process: an act JWT is accepted once across instances', async () => {
    // The Python guide builds an OutOfSessionTokenRequest per request; translated 1:1.
    const sender = new HybridSender({ privateKey: app.privatePem });
    const perRequest = () =>
      new OutOfSessionTokenRequest({
        adapter: new CountingAdapter(),
        publicKey: app.publicPem,
        expectedAudience: AGENT,
      });
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    await expect(perRequest().receiveAndVerifyActJwt(actJwt)).resolves.toEqual({ sub: 'u-1' });
    const replay = await perRequest()
      .receiveAndVerifyActJwt(actJwt)
      .catch((e: unknown) => e);
    expect((replay as ActVerificationError).reason).toBe('replayed');
  });

  it('checks the public key at construction, not at the first act JWT', () => {
    const adapter = new CountingAdapter();
    const broken = app.publicPem.replace(/\n[^\n]+\n-----END/, '\n-----END');
    for (const [publicKey, message] of [
      [app.privatePem, /^publicKey is a private key; give the public key/],
      [broken, /^publicKey is not a well-formed 'PUBLIC KEY' PEM/],
      ['./keys/app.pub', /^publicKey is not PEM text but looks like a file path/],
    ] as const) {
      expect(() => new OutOfSessionTokenRequest({ adapter, publicKey })).toThrow(message);
    }
  });

  it('refuses a missing key source or adapter with TypeError', () => {
    const adapter = new CountingAdapter();
    expect(() => new OutOfSessionTokenRequest({ adapter })).toThrow(TypeError);
    expect(() => new OutOfSessionTokenRequest({ publicKey: app.publicPem } as never)).toThrow(
      TypeError,
    );
  });
});
