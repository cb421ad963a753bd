import { type AddressInfo, createServer, type Socket } from 'node:net';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import { humanIdForLogging } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp, startTokenEndpointStub } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDP_VENDORS, idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import { humanHasRole } from './subject-checks.js';
import type { TokenIntrospectionOptions } from './token-introspection.js';

/** idp.fetch, counting the calls that go to the introspection endpoint. */
function countingFetch(idp: LocalIdp) {
  const counter = { introspections: 0 };
  const send: typeof fetch = (input, init) => {
    if (String(input) === idp.introspectionUrl) counter.introspections++;
    return idp.fetch(input as string, init);
  };
  return { counter, send };
}

function guardFor(
  idp: LocalIdp,
  introspection: Partial<TokenIntrospectionOptions> = {},
  overrides: Partial<DualAuthGuardOptions> = {},
) {
  const audits: DualAuthAuditEvent[] = [];
  const { counter, send } = countingFetch(idp);
  const guard = createDualAuthGuard({
    ...idpGuardOptions(idp),
    introspection: idpIntrospection(idp, send, introspection),
    humanAllowed: humanHasRole(
      'FinanceUser',
      async ({ human }) => idp.humans.get(human.sub)?.roles ?? [],
    ),
    onDecision: (event) => {
      audits.push(event);
    },
    ...overrides,
  });
  const check = (headers: Record<string, string | undefined>) => checkHeaders(guard, headers);
  return { check, audits, counter };
}

describe.each(IDP_VENDORS)('opaque tokens of the local %s IdP, through introspection', (vendor) => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor, accessTokenFormat: 'opaque' });
  }, 60_000);
  afterAll(() => idp?.close());

  const tokenFor = async (agentId: string, username: string) =>
    (await adapterFor(idp, agentId)).requestToken({
      agentId,
      act: actOf(idp, username),
      scope: ['finance.read'],
    });

  it.each([
    ['finance-agent', 'alice', 200, undefined],
    ['intern-agent', 'alice', 403, 'agent'],
    ['finance-agent', 'bob', 403, 'human'],
    ['intern-agent', 'bob', 403, 'both'],
  ])('%s for %s → %i (failed side: %s)', async (agentId, username, status, failedSide) => {
    const { check, counter } = guardFor(idp);
    const token = await tokenFor(agentId, username);
    expect(token.accessToken.split('.')).toHaveLength(1);
    const decision = await check(headersOf(token));
    expect(decision.status).toBe(status);
    expect(counter.introspections).toBe(1);
    expect(decision.audit).toMatchObject({
      agent_id: agentId,
      human_id: humanIdForLogging(actOf(idp, username)),
      failed_side: failedSide ?? null,
    });
  });

  it.each([
    ['finance-agent', 'alice', 200],
    ['intern-agent', 'alice', 403],
    ['finance-agent', 'bob', 403],
  ])(
    'an API with introspection only (no keys, no jwksUri): %s for %s → %i',
    async (agentId, username, status) => {
      const { check, counter } = guardFor(idp, {}, { jwksUri: undefined } as never);
      const decision = await check(headersOf(await tokenFor(agentId, username)));
      expect(decision.status).toBe(status);
      expect(counter.introspections).toBe(1);
    },
  );
});

describe('introspection: cache, single flight, outages (local okta IdP, opaque tokens)', () => {
  let idp: LocalIdp;
  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'okta', accessTokenFormat: 'opaque' });
  }, 60_000);
  afterAll(() => idp?.close());

  const aliceToken = async () =>
    (await adapterFor(idp, 'finance-agent')).requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });

  /** Revokes `accessToken` at the IdP (RFC 7009), as the agent that holds it. */
  const revoke = async (accessToken: string) => {
    const agent = idp.agents.get('finance-agent');
    const { clientAssertion, JWT_BEARER } = await import('@dual-auth/testing');
    const revoked = await idp.fetch(idp.revocationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: accessToken,
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(agent as NonNullable<typeof agent>, {
          aud: idp.issuer,
        }),
      }).toString(),
    });
    expect(revoked.status).toBe(200);
  };

  it('1 000 concurrent requests with the same opaque token → one introspection call', async () => {
    const { check, counter } = guardFor(idp);
    const headers = headersOf(await aliceToken());
    const decisions = await Promise.all(Array.from({ length: 1000 }, () => check(headers)));
    expect(decisions.every((decision) => decision.status === 200)).toBe(true);
    expect(counter.introspections).toBe(1);
  }, 60_000);

  it('a JWS-shaped token with an empty part (two dots) is refused locally, never introspected', async () => {
    const { check, counter } = guardFor(idp);
    for (const token of ['h.p.', '.p.s', 'h..s', '..', 'a.b.c']) {
      const decision = await check({ authorization: `Bearer ${token}` });
      expect(decision.status).toBe(401);
    }
    expect(counter.introspections).toBe(0);
  });

  it('reuses a positive answer up to maxCacheMs, then asks again and sees the revocation', async () => {
    let nowMs = Date.now();
    const clock = { now: () => nowMs };
    const { check, counter } = guardFor(idp, { maxCacheMs: 30_000, clock }, { clock });
    const token = await aliceToken();
    expect((await check(headersOf(token))).status).toBe(200);
    await revoke(token.accessToken);
    nowMs += 29_000;
    expect((await check(headersOf(token))).status).toBe(200);
    expect(counter.introspections).toBe(1);
    nowMs += 2_000;
    const after = await check(headersOf(token));
    expect(after.status).toBe(401);
    expect(after.audit.reason).toBe('access_token.inactive');
    expect(counter.introspections).toBe(2);
  });

  it('a clock stepped back does not extend the reuse of a positive answer: the revocation is seen at once', async () => {
    // The API sees the token 20 minutes after it was issued (of its hour), ...
    let nowMs = Date.now() + 1_200_000;
    const clock = { now: () => nowMs };
    const { check, counter } = guardFor(idp, { maxCacheMs: 30_000, clock }, { clock });
    const token = await aliceToken();
    expect((await check(headersOf(token))).status).toBe(200);
    await revoke(token.accessToken);
    // ... then NTP steps its clock back 10 minutes: the cached answer would be reused 10 m 30 s.
    nowMs -= 600_000;
    const after = await check(headersOf(token));
    expect(after.status).toBe(401);
    expect(after.audit.reason).toBe('access_token.inactive');
    expect(counter.introspections).toBe(2);
  });

  it('the same unknown token ×100 → one introspection call; active:false is remembered for inactiveCacheMs, then asked again', async () => {
    let nowMs = Date.now();
    const clock = { now: () => nowMs };
    const { check, counter } = guardFor(idp, { inactiveCacheMs: 10_000, clock }, { clock });
    const garbage = { authorization: 'Bearer same-garbage-token' };
    for (let i = 0; i < 100; i++) {
      const decision = await check(garbage);
      expect(decision.status).toBe(401);
      expect(decision.audit.reason).toBe('access_token.inactive');
    }
    expect(counter.introspections).toBe(1);
    const concurrent = await Promise.all(
      Array.from({ length: 50 }, (_, i) => check({ authorization: `Bearer unknown-${i % 5}` })),
    );
    expect(concurrent.every((decision) => decision.status === 401)).toBe(true);
    expect(counter.introspections).toBe(6);
    nowMs += 10_001;
    expect((await check(garbage)).status).toBe(401);
    expect(counter.introspections).toBe(7);
  });

  it('unknown tokens are remembered up to maxInactiveEntries, apart from positive answers: a flood evicts none of these', async () => {
    const { check, counter } = guardFor(idp, { maxInactiveEntries: 2, maxEntries: 1 });
    const alice = headersOf(await aliceToken());
    expect((await check(alice)).status).toBe(200);
    for (const token of ['a', 'b', 'c', 'a']) await check({ authorization: `Bearer ${token}` });
    expect(counter.introspections).toBe(5);
    expect((await check(alice)).status).toBe(200);
    await check({ authorization: 'Bearer c' });
    expect(counter.introspections).toBe(5);
  });

  it('one active:false for a valid token (an IdP replica lagging behind) refuses it only for the default inactiveCacheMs, 5 s', async () => {
    let nowMs = Date.now();
    const clock = { now: () => nowMs };
    let calls = 0;
    // The lag cannot be made with one local IdP: its first introspection answer is replaced.
    const lagging: typeof fetch = async (input, init) => {
      if (String(input) === idp.introspectionUrl && ++calls === 1) {
        return Response.json({ active: false });
      }
      return idp.fetch(input as string, init);
    };
    const { check } = guardFor(idp, { fetch: lagging, clock }, { clock });
    const alice = headersOf(await aliceToken());
    expect((await check(alice)).status).toBe(401);
    nowMs += 4_999;
    expect((await check(alice)).status).toBe(401);
    expect(calls).toBe(1);
    nowMs += 2;
    expect((await check(alice)).status).toBe(200);
    expect(calls).toBe(2);
  });

  it('inactiveCacheMs: 0 asks the IdP about every unknown token', async () => {
    const { check, counter } = guardFor(idp, { inactiveCacheMs: 0 });
    for (let i = 0; i < 3; i++) await check({ authorization: 'Bearer same-garbage-token' });
    expect(counter.introspections).toBe(3);
  });

  it('authenticates with private_key_jwt', async () => {
    const { check } = guardFor(idp, {
      clientId: idp.apiKeyClient.clientId,
      privateKey: idp.apiKeyClient.privateJwk,
      clientSecret: undefined,
    });
    expect((await check(headersOf(await aliceToken()))).status).toBe(200);
  });

  it('a wrong API secret is an outage (503), never an ALLOW and never "inactive"', async () => {
    const { check } = guardFor(idp, { clientSecret: 'wrong' });
    const decision = await check(headersOf(await aliceToken()));
    expect(decision.status).toBe(503);
    expect(decision.audit.reason).toBe('access_token.introspection_unavailable');
  });

  it('an endpoint that is down → 503; the error is not cached, the next request is allowed', async () => {
    let down = true;
    const { check } = guardFor(idp, {
      // Mocked: a refused connection, which the real IdP cannot be asked to give for one request.
      fetch: (input, init) =>
        down ? Promise.reject(new TypeError('fetch failed')) : idp.fetch(input as string, init),
    });
    const headers = headersOf(await aliceToken());
    const decision = await check(headers);
    expect(decision).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(decision.audit.reason).toBe('access_token.introspection_unavailable');
    down = false;
    expect((await check(headers)).status).toBe(200);
  });

  it('a slow endpoint → 503 after timeoutMs, never an ALLOW', async () => {
    // A real socket that accepts and never answers: the outcome depends only on timeoutMs ending
    // the wait, not on the machine's speed.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const { check } = guardFor(idp, {
        endpoint: `http://127.0.0.1:${port}/introspect`,
        allowInsecureLoopback: true,
        fetch: globalThis.fetch,
        timeoutMs: 300,
      });
      const decision = await check(headersOf(await aliceToken()));
      expect(decision.status).toBe(503);
      expect(decision.audit.reason).toBe('access_token.introspection_unavailable');
    } finally {
      silent.close();
      for (const socket of sockets) socket.destroy();
    }
  });

  it('an oversized answer → 503 (the body is not read past maxResponseBytes)', async () => {
    const stub = await startTokenEndpointStub({ ca: idp.ca });
    try {
      stub.reply({ status: 200, body: { active: true, padding: 'x'.repeat(20_000) } });
      const { check } = guardFor(idp, { endpoint: `${stub.url}/introspect`, fetch: stub.fetch });
      const decision = await check(headersOf(await aliceToken()));
      expect(decision.status).toBe(503);
      expect(decision.audit.reason).toBe('access_token.introspection_unavailable');
      expect(stub.requests).toHaveLength(1);
    } finally {
      await stub.close();
    }
  });
});
