// The IdP is CountingAdapter, an in-process stand-in: holding its answer is how these tests
// control when a shared request settles against the cut-off (the real IdP's flows are in
// out-of-session-cutoff.int.test.ts).
import {
  type DelegationCutoffStore,
  InMemoryDelegationCutoffStore,
  type TokenProvider,
  TokenRequestError,
} from '@dual-auth/core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { type CountingAdapter, ManualClock, recordingLogger } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT, outOfSessionSetup } from '../test/out-of-session-setup.js';
import { endDelegation } from './end-delegation.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

/**
 * One agent, its cache (the agent uses none with `withCache: false`) and a cut-off store (`cutoffStore` wraps the
 * in-memory one when given).
 */
function agentSetup(
  wrap?: (store: InMemoryDelegationCutoffStore) => DelegationCutoffStore,
  {
    withCache = true,
    iatBackdateSeconds,
  }: { withCache?: boolean; iatBackdateSeconds?: number } = {},
) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const store = new InMemoryDelegationCutoffStore({ clock });
  const cutoffStore = wrap?.(store) ?? store;
  const logger = recordingLogger();
  const cache = new SingleFlightTokenCache({ clock });
  const {
    adapter,
    sender,
    outOfSession: agent,
  } = outOfSessionSetup(app, {
    clock,
    logger,
    cutoffStore,
    cache: withCache && cache,
    iatBackdateSeconds,
  });
  // A new act JWT of the human each time: a new delegation.
  const jwtRequest = async () => ({
    actJwt: await sender.prepareOutOfSessionAct({
      act: { sub: 'u-alice' },
      agentEndpoint: AGENT_ENDPOINT,
    }),
    agentId: 'agent',
    scope: ['s'],
  });
  const delegate = async (): Promise<TokenProvider> =>
    agent.tokenProviderFromJwt(await jwtRequest());
  const endNow = () => endDelegation({ human: 'u-alice', cutoffStore, clock });
  return { clock, adapter, logger, cache, agent, jwtRequest, delegate, endNow };
}

const outcome = (provider: TokenProvider, options = {}) =>
  provider.getToken(options).then(
    (token) => `token ${token.accessToken}`,
    (error: { reason?: string; message?: string }) => error.reason ?? error.message,
  );

/** The one IdP answer went to the new delegation; the ended one was refused it. */
async function expectServedToFreshOnly(
  oldAnswer: Promise<string | undefined>,
  freshAnswer: Promise<string | undefined>,
  adapter: CountingAdapter,
): Promise<void> {
  expect({ old: await oldAnswer, fresh: await freshAnswer, idpCalls: adapter.calls }).toEqual({
    old: 'revoked',
    fresh: 'token at:agent:u-alice:1',
    idpCalls: 1,
  });
}

describe("a shared IdP request and each provider's own cut-off check", () => {
  it('asks anew for a new delegation that joined the request an ended one began before the cut-off', async () => {
    const { clock, adapter, cache, delegate, endNow } = agentSetup();
    const old = await delegate();
    adapter.hold();
    const oldAnswer = outcome(old);
    await vi.waitFor(() => expect(adapter.calls).toBe(1));
    clock.advance(1);
    await endNow();
    clock.advance(60);
    const fresh = await delegate();
    const freshAnswer = outcome(fresh);
    await vi.waitFor(() => expect(cache.stats().coalesced).toBe(1));
    adapter.release();
    // The IdP may have minted the opaque answer before the cut-off: neither delegation gets it.
    expect({ old: await oldAnswer, fresh: await freshAnswer, idpCalls: adapter.calls }).toEqual({
      old: 'revoked',
      fresh: 'token at:agent:u-alice:2',
      idpCalls: 2,
    });
  });

  it('refuses an ended delegation that read no cut-off just before it was written and joined a new request', async () => {
    let gate: Promise<void> | undefined;
    let open = () => {};
    const { clock, adapter, cache, delegate, endNow } = agentSetup((store) => ({
      endDelegation: (human, cutoffMs, keepMs) => store.endDelegation(human, cutoffMs, keepMs),
      // A store answer in transit: read now, delivered when the test opens the gate.
      cutoffOf: async (human) => {
        const held = gate;
        const cutoffMs = await store.cutoffOf(human);
        await held;
        return cutoffMs;
      },
    }));
    const old = await delegate();
    adapter.hold();
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const oldAnswer = outcome(old);
    const release = gate;
    gate = undefined;
    clock.advance(1);
    await endNow();
    clock.advance(60);
    const fresh = await delegate();
    const freshAnswer = outcome(fresh);
    await vi.waitFor(() => expect(adapter.calls).toBe(1));
    open();
    await release;
    await vi.waitFor(() => expect(cache.stats().coalesced).toBe(1));
    adapter.release();
    await expectServedToFreshOnly(oldAnswer, freshAnswer, adapter);
  });
});

describe('tokens cached before a cut-off', () => {
  it('are not served to a new delegation after it: a token minted after the cut-off is', async () => {
    const { clock, adapter, delegate, endNow } = agentSetup();
    adapter.expiresIn = 3600;
    const before = await (await delegate()).getToken({});
    clock.advance(10);
    await endNow();
    clock.advance(60);
    const after = await (await delegate()).getToken({});
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(adapter.calls).toBe(2);
    // The new token replaced the old one: served from the cache from now on.
    expect((await (await delegate()).getToken({})).accessToken).toBe(after.accessToken);
    expect(adapter.calls).toBe(2);
  });

  it('are not served to a new delegation when the JWT was issued by an IdP clock ahead, within the act JWT tolerance after the cut-off', async () => {
    const { clock, adapter, delegate, endNow } = agentSetup();
    adapter.expiresIn = 3600;
    // The IdP's clock runs 3 s ahead: a token minted 1 s before the cut-off says 2 s after it,
    // within the agent's default act JWT clock tolerance (5 s).
    adapter.jwtIatAheadSeconds = 3;
    const before = await (await delegate()).getToken({});
    clock.advance(1);
    await endNow();
    clock.advance(60);
    const after = await (await delegate()).getToken({});
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(adapter.calls).toBe(2);
  });

  it('are not served by requestTokenFromJwt after it', async () => {
    const { clock, adapter, agent, jwtRequest, endNow } = agentSetup();
    adapter.expiresIn = 3600;
    const request = async () => agent.requestTokenFromJwt(await jwtRequest());
    const before = await request();
    clock.advance(10);
    await endNow();
    clock.advance(60);
    const after = await request();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect((await request()).accessToken).toBe(after.accessToken);
    expect(adapter.calls).toBe(2);
  });
});

describe('an IdP that backdates iat (Entra, 5 minutes)', () => {
  it('serves requestTokenFromJwt without a cache the answer to a new delegation after the cut-off', async () => {
    const { clock, adapter, agent, jwtRequest, endNow } = agentSetup(undefined, {
      withCache: false,
      iatBackdateSeconds: 300,
    });
    adapter.jwtIatAheadSeconds = -300;
    await endNow();
    clock.advance(120);
    expect((await agent.requestTokenFromJwt(await jwtRequest())).accessToken).toBeDefined();
    expect(adapter.calls).toBe(1);
  });
});

describe("an IdP answer is judged by the adapter's iatBackdateSeconds, the cache's and the API's", () => {
  // Session 12: a fresh answer had a fixed 300 s allowance (max with the adapter's), where stored
  // tokens and the API guard count the adapter's own backdate only.
  it.each([
    ['with', true],
    ['without', false],
  ])(
    '%s a cache: a 60 s backdate admits an iat 30 s before the cut-off, refuses one 120 s before',
    async (_, withCache) => {
      const { clock, adapter, agent, jwtRequest, endNow } = agentSetup(undefined, {
        withCache,
        iatBackdateSeconds: 60,
      });
      await endNow();
      clock.advance(150);
      // Minted now (150 s after the cut-off), dated 270 s back: 120 s before it.
      adapter.jwtIatAheadSeconds = -270;
      await expect(agent.requestTokenFromJwt(await jwtRequest())).rejects.toThrow(
        TokenRequestError,
      );
      // Dated 180 s back: 30 s before the cut-off, inside the adapter's 60 s.
      adapter.jwtIatAheadSeconds = -180;
      expect((await agent.requestTokenFromJwt(await jwtRequest())).accessToken).toBeDefined();
      expect(adapter.calls).toBe(2);
    },
  );
});

describe("getToken's signal and the cut-off read", () => {
  // The act JWT is verified (a cut-off read) before the store starts to hang.
  async function hangingStore() {
    let hang = false;
    const setup = agentSetup((store) => ({
      endDelegation: (human, cutoffMs, keepMs) => store.endDelegation(human, cutoffMs, keepMs),
      cutoffOf: (human) => (hang ? new Promise<undefined>(() => {}) : store.cutoffOf(human)),
    }));
    const provider = await setup.delegate();
    hang = true;
    return { ...setup, provider };
  }

  it('rejects at once with the reason of a signal already aborted', async () => {
    const { provider, adapter } = await hangingStore();
    const signal = AbortSignal.abort(new Error('caller gave up'));
    expect(await outcome(provider, { signal })).toBe('caller gave up');
    expect(adapter.calls).toBe(0);
  });

  it('rejects with the reason when the signal aborts while the store hangs', async () => {
    const { provider, adapter } = await hangingStore();
    const controller = new AbortController();
    const answer = outcome(provider, { signal: controller.signal });
    controller.abort(new Error('caller gave up'));
    expect(await answer).toBe('caller gave up');
    expect(adapter.calls).toBe(0);
  });
});

describe("the cut-off refusal's audit record", () => {
  it("names the adapter's audience, as the audited request does", async () => {
    const { clock, logger, delegate, endNow } = agentSetup();
    const provider = await delegate();
    clock.advance(1);
    await endNow();
    expect(await outcome(provider)).toBe('revoked');
    const denied = logger.events.filter((e) => e.fields?.decision === 'DENY');
    expect(denied).toHaveLength(1);
    expect(denied[0]?.fields?.audience).toEqual(['https://api.example.com']);
  });
});
