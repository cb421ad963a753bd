import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Attack (breaker14): the introspection line (maxConcurrentIntrospections /
// maxQueuedIntrospections) only knows the introspection's own deadline (timeoutMs). The guard is
// given the request's `signal`, but verification never passes it on: a request whose client has
// gone away keeps its place in line for up to timeoutMs and, when its turn comes, still spends
// an IdP call on a token nobody waits for. An attacker need not hold connections open to fill
// the line: send a made-up opaque token, hang up, repeat; the places go to nobody and a real
// user's first request with a new opaque token is shed with 503 meanwhile.
const junk = () => `Bearer junk${crypto.randomUUID().replaceAll('-', '')}`;

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
}, 60_000);
afterAll(() => idp?.close());

describe('introspection line: a request that was aborted', () => {
  it('gives its place in line back, so the next token is not shed', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let inFlight = 0;
    let reachedIdp = () => {};
    const firstAtIdp = new Promise<void>((resolve) => {
      reachedIdp = resolve;
    });
    // The IdP's introspection calls are held until `open()`: the one place stays taken.
    const send: typeof fetch = async (input, init) => {
      if (String(input) !== idp.introspectionUrl) return idp.fetch(input as string, init);
      inFlight++;
      reachedIdp();
      await gate;
      return idp.fetch(input as string, init);
    };
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      introspection: idpIntrospection(idp, send, {
        timeoutMs: 60_000,
        maxConcurrentIntrospections: 1,
        maxQueuedIntrospections: 1,
      }),
      humanAllowed: () => true,
    });
    const check = (authorization: string, signal?: AbortSignal) =>
      guard.check({
        authorization,
        actAssertion: undefined,
        method: 'GET',
        route: '/api/balance',
        ...(signal === undefined ? {} : { signal }),
      });

    const first = check(junk());
    await firstAtIdp;
    // The client of the second request hangs up while its token waits in line.
    const gone = new AbortController();
    const abandoned = check(junk(), gone.signal);
    gone.abort();
    const next = check(junk());
    open();
    const [, , nextDecision] = await Promise.all([first, abandoned, next]);
    // A made-up token the IdP was asked about is a 401; a 503 means it was shed because the
    // abandoned request still held the only place in line.
    expect(nextDecision.status).toBe(401);
    expect(inFlight).toBe(2);
  }, 120_000);
});
