import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import type { GuardDecision } from './guard-decision.js';
import type { TokenIntrospectionOptions } from './token-introspection.js';

// Attack: without credentials of any kind, a client sends many distinct made-up opaque tokens.
// Each one is a fresh cache key, so the API opens one introspection call to the IdP per junk token,
// all at once, with no cap: the attacker spends one header per IdP call, drains the API's sockets
// and the IdP's rate limit for the API's client (Okta and Auth0 rate-limit per org/client), and
// once the IdP throttles, every real user's request is answered 503 (introspection_unavailable).
const JUNK_TOKENS = 200;

const junk = () => `Bearer junk${crypto.randomUUID().replaceAll('-', '')}`;

/**
 * A guard of opaque tokens at `idp` allowing every human, introspecting through `send`; a check
 * given a `signal` is a request whose client may go away.
 */
function guardAt(
  idp: LocalIdp,
  send: typeof fetch,
  introspection: Partial<TokenIntrospectionOptions> = {},
) {
  const guard = createDualAuthGuard({
    ...idpGuardOptions(idp),
    introspection: idpIntrospection(idp, send, { timeoutMs: 60_000, ...introspection }),
    humanAllowed: () => true,
  });
  return (authorization: string, signal?: AbortSignal) =>
    signal === undefined
      ? checkHeaders(guard, { authorization })
      : guard.check({
          authorization,
          actAssertion: undefined,
          method: 'GET',
          route: '/api/balance',
          signal,
        });
}

/** A 503 the client may retry: the introspection was shed or timed out, the IdP not asked. */
function expectUnavailable(decision: GuardDecision): void {
  expect(decision).toMatchObject({
    status: 503,
    headers: { 'retry-after': '5' },
    audit: { reason: 'access_token.introspection_unavailable' },
  });
}
/**
 * A request whose own client went away: 499 `request_aborted`, audited with no status and no
 * `Retry-After` (nobody hears it; it is no outage).
 */
function expectAborted(decision: GuardDecision): void {
  expect(decision).toMatchObject({
    decision: 'DENY',
    status: 499,
    audit: { reason: 'request_aborted', failed_side: 'credentials', status: null },
  });
  expect(decision.decision === 'DENY' && decision.headers['retry-after']).toBe(undefined);
}
const MAX_CONCURRENT_INTROSPECTIONS = 32;

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
}, 60_000);
afterAll(() => idp?.close());

describe('introspection under a flood of made-up opaque tokens', () => {
  it(`keeps at most ${MAX_CONCURRENT_INTROSPECTIONS} introspection calls in flight`, async () => {
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      if (String(input) !== idp.introspectionUrl) return idp.fetch(input as string, init);
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await idp.fetch(input as string, init);
      } finally {
        inFlight--;
      }
    };
    const check = guardAt(idp, counting);
    const decisions = await Promise.all(Array.from({ length: JUNK_TOKENS }, () => check(junk())));
    expect(decisions.every((decision) => decision.decision === 'DENY')).toBe(true);
    expect(most).toBeLessThanOrEqual(MAX_CONCURRENT_INTROSPECTIONS);
  }, 120_000);
});

/**
 * A request's abort controller whose `waiting()` resolves once its signal is listened to: its
 * introspection waits for an answer (in line or for a call), so aborting then tests giving up,
 * not a request that never started.
 */
function clientOfRequest() {
  const controller = new AbortController();
  const listen = vi.spyOn(controller.signal, 'addEventListener');
  return {
    signal: controller.signal,
    hangUp: () => controller.abort(),
    waiting: () =>
      expect.poll(() => listen.mock.calls.length, { timeout: 30_000 }).toBeGreaterThan(0),
  };
}

/**
 * idp.fetch with the introspection calls counted and, while `hold()` is in force, held before
 * they reach the IdP (deaf to their signal meanwhile, as a stuck socket is) until `release()`.
 */
function heldFetch(idp: LocalIdp) {
  // `signals`: each call's, in order; `aborted`: how many were aborted by the time they were let go.
  const state = { started: 0, inFlight: 0, aborted: 0, signals: [] as AbortSignal[] };
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const reached: Array<{ count: number; resolve: () => void }> = [];
  const send: typeof fetch = async (input, init) => {
    if (String(input) !== idp.introspectionUrl) return idp.fetch(input as string, init);
    state.started++;
    state.inFlight++;
    if (init?.signal) state.signals.push(init.signal);
    for (const waiter of reached.filter((w) => state.inFlight >= w.count)) waiter.resolve();
    try {
      await gate;
      if (init?.signal?.aborted) state.aborted++;
      return await idp.fetch(input as string, init);
    } finally {
      state.inFlight--;
    }
  };
  return {
    state,
    send,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release: () => open(),
    /** Resolves once `count` introspection calls are in flight at once. */
    inFlight: (count: number) =>
      new Promise<void>((resolve) => {
        if (state.inFlight >= count) resolve();
        else reached.push({ count, resolve });
      }),
  };
}

describe('introspection slots: a flood is bounded, a real user is still served', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
  }, 60_000);
  afterAll(() => idp?.close());

  /** A guard whose IdP calls are held while `idpCalls.hold()` is in force. */
  const heldGuard = (introspection: Partial<TokenIntrospectionOptions>) => {
    const idpCalls = heldFetch(idp);
    return { idpCalls, check: guardAt(idp, idpCalls.send, introspection) };
  };

  const realToken = async () => {
    const token = await (await adapterFor(idp, 'finance-agent')).requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
    return headersOf(token).authorization;
  };

  it('past maxQueuedIntrospections waiting, a junk token is shed at once: 503 with Retry-After, no IdP call', async () => {
    const { idpCalls, check } = heldGuard({
      maxConcurrentIntrospections: 2,
      maxQueuedIntrospections: 3,
    });
    idpCalls.hold();
    const settled: GuardDecision[] = [];
    const all = Array.from({ length: 10 }, () =>
      check(junk()).then((decision) => {
        settled.push(decision);
        return decision;
      }),
    );
    await idpCalls.inFlight(2);
    // 2 calls held at the IdP, 3 waiting: the other 5 are answered without waiting for any.
    await expect.poll(() => settled.length, { timeout: 30_000 }).toBe(5);
    for (const decision of settled) expectUnavailable(decision);
    expect(idpCalls.state.started).toBe(2);
    idpCalls.release();
    const decisions = await Promise.all(all);
    expect(decisions.filter((d) => d.status === 401)).toHaveLength(5);
    expect(idpCalls.state.started).toBe(5);
  }, 120_000);

  it('a token waiting past timeoutMs for a free call → 503, never an IdP call', async () => {
    const { idpCalls, check } = heldGuard({
      maxConcurrentIntrospections: 1,
      maxQueuedIntrospections: 5,
      timeoutMs: 300,
    });
    idpCalls.hold();
    const first = check(junk());
    await idpCalls.inFlight(1);
    const waiting = await check(junk());
    expectUnavailable(waiting);
    expect(idpCalls.state.started).toBe(1);
    idpCalls.release();
    expect((await first).status).toBe(503);
  }, 120_000);

  /** One IdP call at a time, held, and one place in line. */
  const oneCallOnePlace = () => {
    const held = heldGuard({ maxConcurrentIntrospections: 1, maxQueuedIntrospections: 1 });
    held.idpCalls.hold();
    return held;
  };

  /** Lets the held IdP calls go: each junk token of `pending` was asked about and refused (401). */
  const expectRefusedOnRelease = async (
    idpCalls: ReturnType<typeof heldFetch>,
    pending: Promise<GuardDecision>[],
  ) => {
    idpCalls.release();
    for (const decision of await Promise.all(pending)) expect(decision.status).toBe(401);
  };

  // Found by breaker14: a request whose client hung up kept its place in line for timeoutMs and
  // still spent an IdP call; junk tokens sent and hung up on filled the line for real users.
  it('a request aborted while it waits in line leaves at once: the next token is not shed, no IdP call is spent on it', async () => {
    const { idpCalls, check } = oneCallOnePlace();
    const first = check(junk());
    await idpCalls.inFlight(1);
    const gone = clientOfRequest();
    const abandoned = check(junk(), gone.signal);
    await gone.waiting();
    gone.hangUp();
    // Answered while the only call is still held: it left the line rather than wait its turn.
    expectAborted(await abandoned);
    const next = check(junk());
    await expectRefusedOnRelease(idpCalls, [first, next]);
    expect(idpCalls.state.started).toBe(2);
  }, 120_000);

  it('a request aborted before it is verified takes no place and spends no IdP call', async () => {
    const { idpCalls, check } = oneCallOnePlace();
    expectAborted(await check(junk(), AbortSignal.abort()));
    const first = check(junk());
    await idpCalls.inFlight(1);
    // The one place in line is still free: this one waits rather than being shed.
    const next = check(junk());
    await expectRefusedOnRelease(idpCalls, [first, next]);
    expect(idpCalls.state.started).toBe(2);
  }, 120_000);

  it('a request aborted while its call is at the IdP cancels that call; the place goes to the next once it ends', async () => {
    const { idpCalls, check } = oneCallOnePlace();
    const gone = clientOfRequest();
    const abandoned = check(junk(), gone.signal);
    await idpCalls.inFlight(1);
    await gone.waiting();
    gone.hangUp();
    expectAborted(await abandoned);
    expect(idpCalls.state.signals[0]?.aborted).toBe(true);
    const next = check(junk());
    await expectRefusedOnRelease(idpCalls, [next]);
    expect(idpCalls.state).toMatchObject({ started: 2, aborted: 1 });
  }, 120_000);

  it('a call another request with the same token still waits for is not cancelled when one goes away', async () => {
    const { idpCalls, check } = oneCallOnePlace();
    const token = junk();
    const gone = clientOfRequest();
    const stays = clientOfRequest();
    const abandoned = check(token, gone.signal);
    const joiner = check(token, stays.signal);
    await idpCalls.inFlight(1);
    await Promise.all([gone.waiting(), stays.waiting()]);
    gone.hangUp();
    expectAborted(await abandoned);
    await expectRefusedOnRelease(idpCalls, [joiner]);
    expect(idpCalls.state).toMatchObject({ started: 1, aborted: 0 });
  }, 120_000);

  it('a token the IdP already vouched for is served from the cache while every call is taken', async () => {
    const { idpCalls, check } = heldGuard({
      maxConcurrentIntrospections: 2,
      maxQueuedIntrospections: 3,
    });
    const real = await realToken();
    expect((await check(real)).status).toBe(200);
    idpCalls.hold();
    const flood = Array.from({ length: 20 }, () => check(junk()));
    await idpCalls.inFlight(2);
    expect((await check(real)).status).toBe(200);
    idpCalls.release();
    await Promise.all(flood);
  }, 120_000);

  it('a new real token sent during a growing flood is answered in its turn, before the flood ends', async () => {
    // Each junk answer brings two more junk tokens, up to FLOOD in all: were later tokens served
    // first (a stack, or any order that lets newcomers pass), the real one would wait until the
    // flood stopped growing. First come first served answers it while junk is still being sent.
    const FLOOD = 400;
    let sent = 0;
    const floods: Promise<GuardDecision>[] = [];
    const check = guardAt(idp, idp.fetch, {
      maxConcurrentIntrospections: 2,
      maxQueuedIntrospections: 1_000,
    });
    const sendJunk = (): void => {
      if (sent >= FLOOD) return;
      sent++;
      floods.push(
        check(junk()).then((decision) => {
          sendJunk();
          sendJunk();
          return decision;
        }),
      );
    };
    const real = await realToken();
    for (let i = 0; i < 20; i++) sendJunk();
    const answer = check(real);
    for (let i = 0; i < 20; i++) sendJunk();
    const decision = await answer;
    const sentBeforeAnswer = sent;
    await expect.poll(() => sent, { timeout: 60_000 }).toBe(FLOOD);
    await Promise.all(floods);
    expect(decision.status).toBe(200);
    expect(sentBeforeAnswer).toBeLessThan(FLOOD);
  }, 180_000);
});
