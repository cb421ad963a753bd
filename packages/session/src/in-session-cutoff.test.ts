import { inspect } from 'node:util';
import {
  ActVerificationError,
  createSubjectToken,
  type DelegationCutoffStore,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { polluted } from '../../core/test/polluted-prototype.js';
import {
  CountingAdapter,
  ManualClock,
  recordingLogger,
  unsignedJwtIssuedAt,
} from '../test/counting-adapter.js';
import { endDelegation } from './end-delegation.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { SingleFlightTokenCache } from './token-cache/single-flight-token-cache.js';

const act = { sub: 'alice' };
const SCOPE = ['finance.read'];

/** An in-session agent whose own cache `endDelegation` is not given, on one manual clock. */
function setup(cutoffStore?: DelegationCutoffStore) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  const store = cutoffStore ?? new InMemoryDelegationCutoffStore({ clock });
  // An adapter whose IdP verifies the subject token it exchanges: its `iat` dates the session.
  const adapter = new CountingAdapter({ now: () => clock.now(), layout: 'rfc8693' });
  const logger = recordingLogger();
  const inSession = new InSessionTokenRequest({
    adapter,
    cache: new SingleFlightTokenCache({ clock }),
    cutoffStore: store,
    clock,
    logger,
  });
  /** The human's token as a login at the manual clock's now gives it (a JWT with `iat`). */
  const login = () =>
    createSubjectToken(unsignedJwtIssuedAt(Math.floor(clock.now() / 1000), { sub: 'alice' }));
  const logout = () => endDelegation({ human: act, cutoffStore: store, clock });
  const outcome = (promise: Promise<unknown>) =>
    promise.then(
      () => 'token',
      (error: unknown) =>
        ActVerificationError.isInstance(error) ? error : Promise.reject(error as Error),
    );
  return { clock, adapter, logger, inSession, login, logout, outcome };
}

describe('InSessionTokenRequest with a cutoffStore (a logout ends the subject token too)', () => {
  it("refuses the human's subject token from before endDelegation, before any IdP request; a new sign-in is exchanged", async () => {
    const { clock, adapter, logger, inSession, login, logout, outcome } = setup();
    const subjectToken = login();
    const request = { agentId: 'agent', act, scope: SCOPE, subjectToken };
    await inSession.requestToken(request);
    clock.advance(60);
    await logout();
    clock.advance(60);

    const refused = await outcome(inSession.requestToken(request));
    expect(refused).toMatchObject({ reason: 'revoked', claim: 'iat' });
    expect(String((refused as Error).message)).toBe(
      "Subject token was issued before the human's delegations were ended: the human's session ended (endDelegation); drop this token from the app's session and sign the human in again",
    );
    expect(adapter.calls).toBe(1);
    expect(inspect(refused)).not.toContain(subjectToken.value);
    expect(logger.events.map((e) => e.event)).toContain('jwt_delegation_ended');

    const fresh = { ...request, subjectToken: login() };
    expect(await outcome(inSession.requestToken(fresh))).toBe('token');
    expect(adapter.requests.at(-1)?.subjectToken).toBe(fresh.subjectToken);
  });

  it('refuses it through tokenProvider too (what dualAuthFetch of @dual-auth/mcp uses)', async () => {
    const { clock, adapter, inSession, login, logout, outcome } = setup();
    const provider = inSession.tokenProvider({
      agentId: 'agent',
      act,
      scope: SCOPE,
      subjectToken: login(),
    });
    expect(await outcome(provider.getToken({}))).toBe('token');
    clock.advance(60);
    await logout();
    expect(await outcome(provider.getToken({}))).toMatchObject({ reason: 'revoked' });
    expect(await outcome(provider.getToken({ forceRefresh: true }))).toMatchObject({
      reason: 'revoked',
    });
    expect(adapter.calls).toBe(1);
  });

  it('refuses a sign-in within the clock tolerance after the cut-off, naming from when one is accepted', async () => {
    const { clock, inSession, login, logout, outcome } = setup();
    await logout();
    clock.advance(10);
    const refused = await outcome(
      inSession.requestToken({ agentId: 'agent', act, scope: SCOPE, subjectToken: login() }),
    );
    expect((refused as Error).message).toMatch(
      /^Subject token was issued within 15 s of the human's cut-off \(the clock tolerance\); a new delegation is accepted from \S+: the human's session ended/,
    );
    clock.advance(10);
    expect(
      await outcome(
        inSession.requestToken({ agentId: 'agent', act, scope: SCOPE, subjectToken: login() }),
      ),
    ).toBe('token');
  });

  it("does not serve the agent's cached token from before the cut-off, with no subject token (legacy layout) and a sign-in after it", async () => {
    const { clock, adapter, inSession, logout } = setup();
    const request = { agentId: 'agent', act, scope: SCOPE, signedInAtMs: clock.now() };
    const before = await inSession.requestToken(request);
    clock.advance(60);
    await logout();
    clock.advance(60);
    const signedInAgain = { ...request, signedInAtMs: clock.now() };
    const after = await inSession.requestToken(signedInAgain);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(adapter.calls).toBe(2);
    // The token got after the cut-off is served from the cache again.
    expect((await inSession.requestToken(signedInAgain)).accessToken).toBe(after.accessToken);
    expect(adapter.calls).toBe(2);
  });

  it('refuses an undated request once a cut-off is kept, saying to pass signedInAtMs; before any cut-off it is allowed', async () => {
    const { clock, adapter, inSession, logout, outcome } = setup();
    const opaque = createSubjectToken('opaque-reference-token');
    const request = { agentId: 'agent', act, scope: SCOPE, subjectToken: opaque };
    expect(await outcome(inSession.requestToken(request))).toBe('token');
    clock.advance(60);
    await logout();
    clock.advance(60);
    for (const undated of [request, { agentId: 'agent', act, scope: SCOPE }]) {
      const refused = await outcome(inSession.requestToken(undated));
      expect(refused).toMatchObject({ reason: 'revoked', claim: 'iat' });
      expect((refused as Error).message).toBe(
        "In-session request carries no sign-in time, and the human's delegations were ended (endDelegation): pass the human's sign-in time (signedInAtMs, ms since the epoch), or a subject token that is a JWT with iat to an adapter whose IdP verifies it (layout rfc8693)",
      );
    }
    expect(adapter.calls).toBe(1);
    const signedIn = { ...request, signedInAtMs: clock.now() };
    expect(await outcome(inSession.requestToken(signedIn))).toBe('token');
    expect(adapter.calls).toBe(2);
  });

  it('refuses a sign-in time at or before the cut-off (or within the clock tolerance), even beside a JWT issued after it', async () => {
    const { clock, adapter, inSession, login, logout, outcome } = setup();
    const signedInAtMs = clock.now();
    clock.advance(60);
    await logout();
    clock.advance(60);
    const stale = { agentId: 'agent', act, scope: SCOPE, signedInAtMs, subjectToken: login() };
    const refused = await outcome(inSession.requestToken(stale));
    expect(refused).toMatchObject({ reason: 'revoked' });
    // Session 37: it read "Sign-in (signedInAtMs) was issued before …": a sign-in is not issued.
    expect((refused as Error).message).toBe(
      "Sign-in (signedInAtMs) came before the human's delegations were ended (endDelegation): sign the human in again and pass the new sign-in time",
    );
    // Ten seconds after the cut-off: within the 15 s clock tolerance.
    const provider = inSession.tokenProvider({ ...stale, signedInAtMs: clock.now() - 50_000 });
    const close = await outcome(provider.getToken({}));
    expect(close).toMatchObject({ reason: 'revoked' });
    expect((close as Error).message).toMatch(
      /^Sign-in \(signedInAtMs\) came less than the clock tolerance after the human's delegations were ended \(endDelegation\): sign the human in again and pass the new sign-in time; one from \d{4}-\d\d-\d\dT[\d:.]+Z on is accepted$/,
    );
    expect(adapter.calls).toBe(0);
    expect(await outcome(inSession.requestToken({ ...stale, signedInAtMs: clock.now() }))).toBe(
      'token',
    );
  });

  it('refuses a signedInAtMs that is not a time, with or without a cutoffStore', async () => {
    const { inSession } = setup();
    const plain = new InSessionTokenRequest({ adapter: new CountingAdapter() });
    for (const tokens of [inSession, plain]) {
      const bad = { agentId: 'agent', act, scope: SCOPE, signedInAtMs: '2026-01-01' as never };
      await expect(tokens.requestToken(bad)).rejects.toThrow(/signedInAtMs must be/);
      expect(() => tokens.tokenProvider({ ...bad, signedInAtMs: -1 })).toThrow(TypeError);
    }
  });

  it('refuses when the cut-off store does not answer (fail closed), before any IdP request', async () => {
    const down: DelegationCutoffStore = {
      endDelegation: () => Promise.resolve(),
      cutoffOf: () => Promise.reject(new Error('the store did not answer')),
    };
    const { adapter, inSession, login, outcome } = setup(down);
    for (const subjectToken of [login(), createSubjectToken('opaque'), undefined]) {
      const refused = await outcome(
        inSession.requestToken({
          agentId: 'agent',
          act,
          scope: SCOPE,
          ...(subjectToken === undefined ? {} : { subjectToken }),
        }),
      );
      expect(refused).toMatchObject({ reason: 'cutoff_store_unavailable' });
    }
    expect(adapter.calls).toBe(0);
  });

  it('refuses a token minted while endDelegation ran: it is neither handed out nor cached', async () => {
    const { clock, adapter, inSession, login, logout, outcome } = setup();
    const request = { agentId: 'agent', act, scope: SCOPE, subjectToken: login() };
    adapter.hold();
    const pending = outcome(inSession.requestToken(request));
    // Until the request is at the IdP (held there).
    while (adapter.calls === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    clock.advance(60);
    await logout();
    adapter.release();
    expect(await pending).toMatchObject({ reason: 'revoked' });
    expect(await outcome(inSession.requestToken(request))).toMatchObject({ reason: 'revoked' });
    expect(adapter.calls).toBe(1);
  });
});

// Review (wave 32, ownoptions): the request was copied with a spread onto a plain object and its
// signedInAtMs read off that copy, through the prototype: a signedInAtMs set on Object.prototype
// by a prototype-pollution bug elsewhere (any time after the cut-off) dated every request without
// one as a session begun after the logout, undoing endDelegation.
describe('InSessionTokenRequest with a cutoffStore: no sign-in time from a polluted Object.prototype', () => {
  it('refuses a request without a sign-in time after endDelegation', async () => {
    const { clock, adapter, inSession, logout, outcome } = setup();
    await logout();
    clock.advance(60);
    const refused = await polluted({ signedInAtMs: clock.now() }, () =>
      outcome(inSession.requestToken({ agentId: 'agent', act, scope: SCOPE })),
    );
    expect(refused).toMatchObject({ reason: 'revoked' });
    expect(adapter.calls).toBe(0);
  });
});
