import type { DualAuthAuditEvent } from '@dual-auth/core';
import { humanIdForLogging } from '@dual-auth/core';
import { generateRsaKeyPair, type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { serve } from '@hono/node-server';
import { decodeJwt, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDP_VENDORS, type IdpVendor, idpGuardOptions } from '../test/support/idp-vendors.js';
import {
  actOf,
  adapterFor,
  headersOf,
  tokenWithoutAct,
} from '../test/support/local-idp-scenario.js';
import { runningApp } from '../test/support/running-app.js';
import { cachedCheck } from './cached-check.js';
import type { DualAuthGuardOptions } from './dual-auth-guard.js';
import { getDualSubject, withDualAuth } from './fetch/index.js';
import { humanHasRole } from './subject-checks.js';

interface Api {
  url: string;
  audits: DualAuthAuditEvent[];
  close(): Promise<void>;
}

/** A demo-like API on loopback: one route behind `withDualAuth`, answering who it served. */
async function startApi(
  idp: LocalIdp,
  overrides: Partial<DualAuthGuardOptions> = {},
): Promise<Api> {
  const audits: DualAuthAuditEvent[] = [];
  const lookups = { count: 0 };
  const handler = withDualAuth(
    (request) => {
      const subject = getDualSubject(request);
      return Response.json({ agent: subject?.agent.id, human: subject?.human.sub });
    },
    {
      ...idpGuardOptions(idp),
      humanAllowed: cachedCheck(
        humanHasRole('FinanceUser', async ({ human }) => {
          lookups.count++;
          return idp.humans.get(human.sub)?.roles ?? [];
        }),
        { ttlMs: 60_000 },
      ),
      onDecision: (event) => {
        audits.push(event);
      },
      ...overrides,
    },
  );
  const app = await runningApp(serve({ fetch: handler, port: 0, hostname: '127.0.0.1' }));
  return {
    url: `${app.url}/api/balance`,
    audits,
    close: app.close,
  };
}

describe.each(IDP_VENDORS)('with the local %s IdP and its real adapter', (vendor: IdpVendor) => {
  let idp: LocalIdp;
  let api: Api;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor });
    api = await startApi(idp);
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  const tokenFor = async (agentId: string, username: string) =>
    (await adapterFor(idp, agentId)).requestToken({
      agentId,
      act: actOf(idp, username),
      scope: ['finance.read'],
    });
  const call = async (headers: Record<string, string>, url = api.url) => fetch(url, { headers });

  it.each([
    ['finance-agent', 'alice', 200, undefined],
    ['intern-agent', 'alice', 403, 'agent'],
    ['finance-agent', 'bob', 403, 'human'],
    ['intern-agent', 'bob', 403, 'both'],
  ])('%s for %s → %i (failed side: %s)', async (agentId, username, status, failedSide) => {
    const response = await call(headersOf(await tokenFor(agentId, username)));
    expect(response.status).toBe(status);
    const body = await response.json();
    if (status === 200) {
      expect(body).toEqual({ agent: agentId, human: actOf(idp, username).sub });
    } else {
      expect(body).toMatchObject({ error: 'insufficient_scope', failed_side: failedSide });
    }
    expect(api.audits.at(-1)).toMatchObject({
      decision: status === 200 ? 'ALLOW' : 'DENY',
      agent_id: agentId,
      human_id: humanIdForLogging(actOf(idp, username)),
      vendor,
      route: '/api/balance',
    });
  });

  it('a forged token (the IdP kid, another key) → 401', async () => {
    const real = await tokenFor('finance-agent', 'alice');
    const [header, payload] = real.accessToken.split('.');
    const key = await importPKCS8((await generateRsaKeyPair()).privateKeyPem, 'RS256');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString());
    const protectedHeader = JSON.parse(Buffer.from(header ?? '', 'base64url').toString());
    const forged = await new SignJWT(claims).setProtectedHeader(protectedHeader).sign(key);
    const response = await call(
      headersOf({ accessToken: forged, actAssertion: real.actAssertion }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(api.audits.at(-1)?.reason).toBe('access_token.bad_signature');
  });

  it('an expired token → 401', async () => {
    const later = await startApi(idp, { clock: { now: () => Date.now() + 25 * 3600_000 } });
    try {
      const response = await call(headersOf(await tokenFor('finance-agent', 'alice')), later.url);
      expect(response.status).toBe(401);
      expect(later.audits.at(-1)?.reason).toMatch(/^(access_token|act_assertion)\.expired$/);
    } finally {
      await later.close();
    }
  });

  it('a token for another audience → 401', async () => {
    const other = await startApi(idp, { audience: 'https://other-api.example.com' });
    try {
      const response = await call(headersOf(await tokenFor('finance-agent', 'alice')), other.url);
      expect(response.status).toBe(401);
      expect(other.audits.at(-1)?.reason).toBe('access_token.wrong_audience');
    } finally {
      await other.close();
    }
  });

  it('no credentials → 401 with a bare challenge', async () => {
    const response = await call({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('a request that does not carry the human → 401 saying so', async () => {
    // Entra ID: a token without its act assertion. The others: a token without act.
    const headers =
      vendor === 'entraid'
        ? { authorization: `Bearer ${(await tokenFor('finance-agent', 'alice')).accessToken}` }
        : { authorization: `Bearer ${await tokenWithoutAct(idp)}` };
    const response = await call(headers);
    expect(response.status).toBe(401);
    expect((await response.json()).error_description).toMatch(
      vendor === 'entraid' ? /^Missing X-Act-Assertion header/ : /no "act" claim/,
    );
  });

  it('audits hold ids only: no token, email or name', () => {
    const text = JSON.stringify(api.audits);
    expect(api.audits.length).toBeGreaterThan(4);
    for (const human of idp.humans.values()) {
      if (human.email) expect(text).not.toContain(human.email);
      if (human.name) expect(text).not.toContain(human.name);
    }
    expect(text).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});

describe('with the local entraid IdP: the act assertion is bound to its token', () => {
  let idp: LocalIdp;
  let api: Api;

  beforeAll(async () => {
    idp = await startLocalIdp({ vendor: 'entraid' });
    api = await startApi(idp);
  });
  afterAll(async () => {
    await api?.close();
    await idp?.close();
  });

  const tokenFor = async (agentId: string) =>
    (await adapterFor(idp, agentId)).requestToken({
      agentId,
      act: actOf(idp, 'alice'),
      scope: [],
    });
  const call = async (headers: Record<string, string>, url = api.url) => fetch(url, { headers });

  it('an assertion signed by another app → 401 bad_signature', async () => {
    const mine = await tokenFor('finance-agent');
    const otherApp = await importPKCS8((await generateRsaKeyPair()).privateKeyPem, 'RS256');
    const claims = decodeJwt(mine.actAssertion ?? '');
    const fromOtherApp = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .sign(otherApp);
    const response = await call(
      headersOf({ accessToken: mine.accessToken, actAssertion: fromOtherApp }),
    );
    expect(response.status).toBe(401);
    expect(api.audits.at(-1)?.reason).toBe('act_assertion.bad_signature');
  });

  it("a genuine assertion with a different agent's token → 401 binding_mismatch", async () => {
    const mine = await tokenFor('finance-agent');
    const interns = await tokenFor('intern-agent');
    const response = await call(
      headersOf({ accessToken: interns.accessToken, actAssertion: mine.actAssertion }),
    );
    expect(response.status).toBe(401);
    expect(api.audits.at(-1)?.reason).toBe('act_assertion.binding_mismatch');
  });

  it('an expired assertion (token still valid) → 401', async () => {
    const later = await startApi(idp, { clock: { now: () => Date.now() + 10 * 60_000 } });
    try {
      const response = await call(headersOf(await tokenFor('finance-agent')), later.url);
      expect(response.status).toBe(401);
      expect(later.audits.at(-1)?.reason).toBe('act_assertion.expired');
    } finally {
      await later.close();
    }
  });

  it('the same token + assertion serves several calls; the assertion with another token → 401', async () => {
    const first = await tokenFor('finance-agent');
    const headers = headersOf(first);
    expect((await call(headers)).status).toBe(200);
    expect((await call(headers)).status).toBe(200);
    const second = await tokenFor('finance-agent');
    expect(second.accessToken).not.toBe(first.accessToken);
    const mixed = headersOf({ accessToken: second.accessToken, actAssertion: first.actAssertion });
    expect((await call(mixed)).status).toBe(401);
    expect(api.audits.at(-1)?.reason).toBe('act_assertion.replayed');
    expect((await call(headersOf(second))).status).toBe(200);
  });
});
