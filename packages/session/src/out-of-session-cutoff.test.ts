import { InMemoryDelegationCutoffStore, TokenRequestError } from '@dual-auth/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { endDelegation } from './end-delegation.js';
import { InMemoryTokenCache } from './token-cache/in-memory-token-cache.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

/** A token store whose `invalidate` fails (a shared store that stopped answering). */
class UndroppableStore extends InMemoryTokenCache {
  override invalidate(): Promise<number> {
    return Promise.reject(new Error('the store did not answer'));
  }
}

/** Signs a new act JWT for alice now and asks for a token with it, out of session. */
async function requestForAlice({ sender, outOfSession }: ReturnType<typeof outOfSessionSetup>) {
  return outOfSession.requestTokenFromJwt({
    actJwt: await sender.prepareOutOfSessionAct({
      act: { sub: 'alice' },
      agentEndpoint: AGENT_ENDPOINT,
    }),
    agentId: 'agent',
    scope: ['s'],
  });
}

/** An agent whose provider for Entra-shaped `{ sub: UPN, oid }` reads one in-memory cut-off store. */
async function providerSetup(store?: InMemoryTokenCache) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
  const logger = recordingLogger();
  const cache = new SingleFlightTokenCache({ clock, ...(store === undefined ? {} : { store }) });
  const { adapter, sender, outOfSession } = outOfSessionSetup(app, {
    clock,
    logger,
    cutoffStore,
    cache,
  });
  const actJwt = await sender.prepareOutOfSessionAct({
    act: { sub: 'alice@contoso.example', oid: 'oid-alice' },
    agentEndpoint: AGENT_ENDPOINT,
  });
  const provider = await outOfSession.tokenProviderFromJwt({
    actJwt,
    agentId: 'agent',
    scope: ['s'],
  });
  await provider.getToken({});
  clock.advance(1);
  const reasonOf = () =>
    provider.getToken({ forceRefresh: true }).then(
      () => 'token',
      (error: { reason?: string }) => error.reason,
    );
  return { clock, cutoffStore, adapter, logger, reasonOf };
}

describe("an out-of-session provider and the human's cut-off", () => {
  it('stops on a cut-off under any id of the human (act.oid), and not before one', async () => {
    const { clock, cutoffStore, adapter, reasonOf } = await providerSetup();
    expect(await reasonOf()).toBe('token');
    await endDelegation({ human: 'oid-alice', cutoffStore, clock });
    expect(await reasonOf()).toBe('revoked');
    expect(adapter.calls).toBe(2);
  });

  it('refuses all the same when its cache cannot drop the human tokens, and logs that', async () => {
    const { clock, cutoffStore, logger, reasonOf } = await providerSetup(new UndroppableStore());
    await endDelegation({ human: 'alice@contoso.example', cutoffStore, clock });
    expect(await reasonOf()).toBe('revoked');
    expect(logger.events.filter((e) => e.event === 'token_cache_invalidate_failed')).toEqual([
      {
        level: 'warn',
        event: 'token_cache_invalidate_failed',
        fields: { human_id: 'oid-alice', error_type: 'Error' },
      },
    ]);
  });
});

describe("an out-of-session request after the human's cut-off, from an IdP that reuses its tokens", () => {
  it.each([
    ['without a cache', false],
    ['through a cache', true],
  ])(
    'refuses %s a JWT the IdP minted before the cut-off with a TokenRequestError, and hands out one minted after it',
    async (_name, cached) => {
      const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
      const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
      const setup = outOfSessionSetup(app, {
        clock,
        cutoffStore,
        cache: cached ? new SingleFlightTokenCache({ clock }) : false,
      });
      const { adapter } = setup;
      await endDelegation({ human: 'alice', cutoffStore, clock });
      clock.advance(120);
      const request = () => requestForAlice(setup);
      // The IdP answers a token it minted ten minutes ago, before the cut-off.
      adapter.jwtIatAheadSeconds = -600;
      await expect(request()).rejects.toThrow(TokenRequestError);
      adapter.jwtIatAheadSeconds = 0;
      await expect(request()).resolves.toMatchObject({ tokenType: 'Bearer' });
      expect(adapter.calls).toBe(2);
    },
  );
});

// A human logs out and straight back in: the app signs a new act JWT 2 s after the cut-off.
describe('the refusal of an act JWT issued within the clock tolerance after the cut-off', () => {
  it('says so and from when a new delegation is accepted, never that it was issued before the cut-off', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock });
    const setup = outOfSessionSetup(app, { clock, cutoffStore });
    await endDelegation({ human: 'alice', cutoffStore, clock });
    const request = () => requestForAlice(setup);
    clock.advance(2);
    await expect(request()).rejects.toMatchObject({
      reason: 'revoked',
      message:
        "Act JWT was issued within 5 s of the human's cut-off (the clock tolerance); a new delegation is accepted from 2026-01-01T12:00:06.000Z",
    });
    clock.advance(4);
    await expect(request()).resolves.toMatchObject({ tokenType: 'Bearer' });
  });
});
