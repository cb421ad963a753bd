import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT as AGENT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { outcomeOf } from '../test/outcome-of.js';
import { endDelegation } from './end-delegation.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

// An agent with a cut-off store and a cache, and an act its own receiveAndVerifyActJwt returned.
async function agentSetup() {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const cache = new SingleFlightTokenCache({ clock });
  const logger = recordingLogger();
  const setup = outOfSessionSetup(app, { clock, cutoffStore, cache, logger });
  const verified = await setup.outOfSession.receiveAndVerifyActJwt(
    await setup.sender.prepareOutOfSessionAct({ act: { sub: 'u-1' }, agentEndpoint: AGENT }),
  );
  const endNow = () => endDelegation({ human: 'u-1', cutoffStore, clock });
  const request = { agentId: 'agent', act: verified, scope: ['s'] };
  const cached = () => cache.tokensOf('u-1', setup.adapter.id);
  return { ...setup, logger, endNow, request, cached };
}

describe("requestToken and tokenProvider of a verified act read the human's cut-off before and after the IdP", () => {
  it('refuses an ended delegation before any IdP request (revoked, audited DENY), cached token or not', async () => {
    const { adapter, outOfSession, request, endNow, clock, logger } = await agentSetup();
    const provider = outOfSession.tokenProvider(request);
    expect(await outcomeOf(provider.getToken({}))).toBe('token');
    clock.advance(1);
    await endNow();

    expect(await outcomeOf(outOfSession.requestToken(request))).toBe('revoked');
    expect(await outcomeOf(provider.getToken({}))).toBe('revoked');
    expect(await outcomeOf(provider.getToken({ forceRefresh: true }))).toBe('revoked');
    expect(await outcomeOf(outOfSession.tokenProvider(request).getToken({}))).toBe('revoked');
    expect(adapter.calls).toBe(1);
    const denied = logger.events
      .filter((e) => e.event === 'dual_auth_decision' && e.fields?.decision === 'DENY')
      .map((e) => [e.fields?.reason, e.fields?.identities]);
    expect(denied).toEqual(Array(4).fill(['act_jwt.revoked', 'verified']));
  });

  it('requestToken: a delegation ended while the IdP mints gives no token, and caches none', async () => {
    const { adapter, outOfSession, request, endNow, cached } = await agentSetup();
    adapter.hold();
    const pending = outcomeOf(outOfSession.requestToken(request));
    await vi.waitFor(() => expect(adapter.calls).toBe(1));
    await endNow();
    adapter.release();

    expect(await pending).toBe('revoked');
    expect(await cached()).toEqual([]);
    expect(await outcomeOf(outOfSession.requestToken(request))).toBe('revoked');
    expect(adapter.calls).toBe(1);
  });

  it('tokenProvider: a renewal whose answer comes after the cut-off is refused, never handed out nor cached', async () => {
    const { adapter, outOfSession, request, endNow, cached } = await agentSetup();
    const provider = outOfSession.tokenProvider(request);
    adapter.hold();
    const pending = outcomeOf(provider.getToken({}));
    await vi.waitFor(() => expect(adapter.calls).toBe(1));
    await endNow();
    adapter.release();

    expect(await pending).toBe('revoked');
    expect(await cached()).toEqual([]);
    expect(await outcomeOf(provider.getToken({}))).toBe('revoked');
    expect(adapter.calls).toBe(1);
  });
});
