import { inspect } from 'node:util';
import { ActVerificationError, type TokenProvider } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT as AGENT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { InSessionTokenRequest } from './in-session-token-request.js';

const act = { sub: 'u-1', email: 'alice@example.com', name: 'Alice' };
let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

function inSessionSetup(cache?: false) {
  const clock = new ManualClock();
  const adapter = new CountingAdapter({ now: () => clock.now() });
  const logger = recordingLogger();
  const inSession = new InSessionTokenRequest({
    adapter,
    clock,
    logger,
    ...(cache === false ? { cache } : {}),
  });
  return { clock, adapter, logger, inSession };
}

describe('InSessionTokenRequest.tokenProvider', () => {
  it('serves the cached token; forceRefresh gets a new one, which replaces it', async () => {
    const { adapter, inSession } = inSessionSetup();
    const provider: TokenProvider = inSession.tokenProvider({
      agentId: 'agent',
      act,
      scope: ['finance.read'],
    });
    expect((await provider.getToken({})).accessToken).toBe('at:agent:u-1:1');
    expect((await provider.getToken({ forceRefresh: false })).accessToken).toBe('at:agent:u-1:1');
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBe('at:agent:u-1:2');
    expect((await provider.getToken({})).accessToken).toBe('at:agent:u-1:2');
    expect(adapter.calls).toBe(2);
    expect(adapter.requests[1]).toMatchObject({ agentId: 'agent', act, scope: ['finance.read'] });
  });

  it('shares the instance cache with requestToken and with other providers', async () => {
    const { adapter, inSession } = inSessionSetup();
    const request = { agentId: 'agent', act, scope: ['s'] };
    const first = await inSession.requestToken(request);
    const provider = inSession.tokenProvider(request);
    expect((await provider.getToken({})).accessToken).toBe(first.accessToken);
    await inSession.tokenProvider(request).getToken({ forceRefresh: true });
    expect((await provider.getToken({})).accessToken).toBe('at:agent:u-1:2');
    expect((await inSession.requestToken(request)).accessToken).toBe('at:agent:u-1:2');
    expect(adapter.calls).toBe(2);
  });

  it('concurrent forced refreshes make one IdP request', async () => {
    const { adapter, inSession, logger } = inSessionSetup();
    const provider = inSession.tokenProvider({ agentId: 'agent', act, scope: ['s'] });
    await provider.getToken({});
    adapter.hold();
    const renewals = Array.from({ length: 10 }, () => provider.getToken({ forceRefresh: true }));
    // Every renewal reaches the cache (after the act digest, computed asynchronously) while the IdP holds.
    const refreshes = () => logger.events.filter((e) => e.event === 'token_cache_refresh').length;
    while (refreshes() < 10) await new Promise((resolve) => setTimeout(resolve, 1));
    adapter.release();
    const tokens = await Promise.all(renewals);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(['at:agent:u-1:2']));
    expect(adapter.calls).toBe(2);
  });

  it('without a cache every call asks the IdP', async () => {
    const { adapter, inSession } = inSessionSetup(false);
    const provider = inSession.tokenProvider({ agentId: 'agent', act, scope: ['s'] });
    await provider.getToken({});
    await provider.getToken({ forceRefresh: true });
    expect(adapter.calls).toBe(2);
  });

  it('passes the signal: an aborted getToken rejects with its reason', async () => {
    const { adapter, inSession } = inSessionSetup();
    const provider = inSession.tokenProvider({ agentId: 'agent', act, scope: ['s'] });
    adapter.hold();
    const controller = new AbortController();
    const pending = provider.getToken({ signal: controller.signal });
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    adapter.release();
  });

  it('identity holds IAM ids only; nothing shows the email, name or a token', async () => {
    const { inSession, logger } = inSessionSetup();
    const provider = inSession.tokenProvider({ agentId: 'agent', act, scope: ['s'] });
    expect(provider.identity).toEqual({ agentId: 'agent', humanId: 'u-1' });
    await provider.getToken({ forceRefresh: true });
    const shown = [JSON.stringify(provider), inspect(provider), JSON.stringify(logger.events)];
    for (const text of shown) expect(text).not.toMatch(/alice|Alice|at:agent/);
    expect(logger.events.map((e) => e.event)).toContain('token_cache_refresh');
  });

  it('copies its inputs: later changes to the caller objects do not leak in', async () => {
    const { adapter, inSession } = inSessionSetup();
    const mine = { sub: 'u-1' };
    const scope = ['s'];
    const provider = inSession.tokenProvider({ agentId: 'agent', act: mine, scope });
    mine.sub = 'someone-else';
    scope.push('admin');
    await provider.getToken({});
    expect(adapter.requests[0]).toMatchObject({ act: { sub: 'u-1' }, scope: ['s'] });
  });

  it('refuses invalid inputs with TypeError at once, and bad getToken options', async () => {
    const { adapter, inSession } = inSessionSetup();
    const bad = [
      undefined,
      { agentId: '', act, scope: ['s'] },
      { agentId: 'agent', act: { sub: '' }, scope: ['s'] },
      { agentId: 'agent', act, scope: [] },
    ];
    for (const request of bad) {
      expect(() => inSession.tokenProvider(request as never)).toThrow(TypeError);
    }
    const provider = inSession.tokenProvider({ agentId: 'agent', act, scope: ['s'] });
    await expect(provider.getToken({ forceRefresh: 'yes' as never })).rejects.toThrow(TypeError);
    await expect(provider.getToken(null as never)).rejects.toThrow(TypeError);
    expect(adapter.calls).toBe(0);
  });
});

describe('OutOfSessionTokenRequest.tokenProvider', () => {
  const setup = () => outOfSessionSetup(app);

  it('tokenProviderFromJwt ends the delegation with the act JWT (or delegationSeconds, if sooner)', async () => {
    const { adapter, sender, outOfSession, clock } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
      ttlSeconds: 60,
    });
    const provider = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'agent',
      scope: ['s'],
    });
    expect((await provider.getToken({})).accessToken).toBe('at:agent:u-1:1');
    clock.advance(59);
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBe('at:agent:u-1:2');
    clock.advance(1);
    const ended = await provider.getToken({}).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(ended)).toBe(true);
    expect(ended).toMatchObject({ reason: 'expired', claim: 'exp' });
    expect((ended as Error).message).toContain('ask the application for a new act JWT');
    expect(adapter.calls).toBe(2);

    const longer = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-2' },
      agentEndpoint: AGENT,
    });
    const shorter = await outOfSession.tokenProviderFromJwt({
      actJwt: longer,
      agentId: 'agent',
      scope: ['s'],
      delegationSeconds: 30,
    });
    clock.advance(29);
    expect((await shorter.getToken({})).accessToken).toBe('at:agent:u-2:3');
    clock.advance(1);
    await expect(shorter.getToken({})).rejects.toMatchObject({ reason: 'expired' });

    // The agent cannot outlive the application's mandate: a longer value is capped at `exp` (60 s).
    const capped = await outOfSession.tokenProviderFromJwt({
      actJwt: await sender.prepareOutOfSessionAct({ act: { sub: 'u-3' }, agentEndpoint: AGENT }),
      agentId: 'agent',
      scope: ['s'],
      delegationSeconds: 600,
    });
    clock.advance(59);
    expect((await capped.getToken({})).accessToken).toBe('at:agent:u-3:4');
    clock.advance(1);
    await expect(capped.getToken({})).rejects.toMatchObject({ reason: 'expired', claim: 'exp' });
    await expect(
      outOfSession.tokenProviderFromJwt({
        actJwt: longer,
        agentId: 'agent',
        scope: ['s'],
        delegationSeconds: 0,
      }),
    ).rejects.toThrow(TypeError);
  });

  // No act JWT lives past an hour (the verifier's maxLifetimeSeconds), and the delegation ends
  // with it: a longer delegationSeconds never shortens anything. 600_000 (ten minutes written in
  // milliseconds) let the agent act until the act JWT's exp, where it meant to stop sooner.
  it('tokenProviderFromJwt refuses a delegationSeconds above an hour, the act JWT unspent', async () => {
    const { adapter, sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    for (const delegationSeconds of [3601, 600_000, 30 * 86_400]) {
      await expect(
        outOfSession.tokenProviderFromJwt({
          actJwt,
          agentId: 'agent',
          scope: ['s'],
          delegationSeconds,
        }),
      ).rejects.toThrow(
        new TypeError(
          'options.delegationSeconds must be at most 3600 seconds (an hour; an act JWT lives minutes): seconds, not milliseconds?',
        ),
      );
    }
    const hour = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'agent',
      scope: ['s'],
      delegationSeconds: 3600,
    });
    expect((await hour.getToken({})).accessToken).toBe('at:agent:u-1:1');
    expect(adapter.calls).toBe(1);
  });

  it('tokenProviderFromJwt verifies the act JWT once; renewals reuse the verified act', async () => {
    const { adapter, sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: AGENT,
    });
    const provider = await outOfSession.tokenProviderFromJwt({
      actJwt,
      agentId: 'agent',
      scope: ['s'],
    });
    expect(provider.identity).toEqual({ agentId: 'agent', humanId: 'u-1' });
    expect((await provider.getToken({})).accessToken).toBe('at:agent:u-1:1');
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBe('at:agent:u-1:2');
    expect(adapter.requests.map((r) => r.act)).toEqual([{ sub: 'u-1' }, { sub: 'u-1' }]);
    const replay = await outOfSession
      .tokenProviderFromJwt({ actJwt, agentId: 'agent', scope: ['s'] })
      .catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(replay)).toBe(true);
    expect((replay as ActVerificationError).reason).toBe('replayed');
  });

  it('tokenProvider takes an act that was verified before', async () => {
    const { adapter, sender, outOfSession } = setup();
    const actJwt = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-2' },
      agentEndpoint: AGENT,
    });
    const verified = await outOfSession.receiveAndVerifyActJwt(actJwt);
    const provider = outOfSession.tokenProvider({ agentId: 'agent', act: verified, scope: ['s'] });
    await provider.getToken({});
    await provider.getToken({});
    expect(adapter.calls).toBe(1);
  });

  it('a refused act JWT gives no provider and makes no IdP request', async () => {
    const { adapter, sender, outOfSession } = setup();
    const elsewhere = await sender.prepareOutOfSessionAct({
      act: { sub: 'u-1' },
      agentEndpoint: 'https://other-agent.example.com',
    });
    const refused = await outOfSession
      .tokenProviderFromJwt({ actJwt: elsewhere, agentId: 'agent', scope: ['s'] })
      .catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(refused)).toBe(true);
    await expect(outOfSession.tokenProviderFromJwt('bad' as never)).rejects.toThrow(TypeError);
    expect(adapter.calls).toBe(0);
  });
});
