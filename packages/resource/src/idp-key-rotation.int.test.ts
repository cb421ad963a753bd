import type { DualAuthAuditEvent } from '@dual-auth/core';
import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { decodeProtectedHeader } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { idpGuardOptions } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanIn } from './subject-checks.js';

// Journey 11's drill could not rehearse a key rotation or an IdP restart with the same keys. Here
// a real Keycloak-shaped IdP (loopback TLS) rotates its key and restarts, and the guard downloads
// its JWKS over that TLS. The IdP and the guard share one test clock: no test waits for an
// overlap or a cache age, and none asserts how long anything took.

const idps: LocalIdp[] = [];
afterEach(async () => {
  for (const idp of idps.splice(0)) await idp.close();
});

async function scenario() {
  const time = { now: Date.now() };
  const clock = { now: () => time.now };
  const idp = await startLocalIdp({ vendor: 'keycloak', clock });
  idps.push(idp);
  const adapter = await adapterFor(idp, 'finance-agent');
  const alice = actOf(idp, 'alice');
  const audits: DualAuthAuditEvent[] = [];
  const downloads = { count: 0 };
  const guard = createDualAuthGuard({
    ...idpGuardOptions(idp),
    humanAllowed: humanIn([alice.sub]),
    clock,
    jwksCacheMaxAgeMs: 60_000,
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      if (String(input) === idp.jwksUrl) downloads.count += 1;
      return idp.fetch(input, init);
    },
    onDecision: (event) => {
      audits.push(event);
    },
  });
  const newToken = () =>
    adapter.requestToken({ agentId: 'finance-agent', act: alice, scope: ['finance.read'] });
  const check = async (token: { accessToken: string }) => {
    const { decision, status } = await checkHeaders(guard, headersOf(token));
    return { decision, status, reason: audits.at(-1)?.reason };
  };
  // The clock starts once the first token exists, so no token is dated after the guard's now.
  const first = await newToken();
  time.now = Date.now();
  return { idp, time, downloads, audits, newToken, check, first };
}

const kidOf = (token: { accessToken: string }) => decodeProtectedHeader(token.accessToken).kid;
const ALLOW = { decision: 'ALLOW', status: 200 };

describe('the guard across an IdP key rotation (jwksUri, 60 s JWKS max age)', () => {
  it('admits tokens of both keys during the overlap, with one download for the new kid', async () => {
    const { idp, time, downloads, newToken, check, first } = await scenario();
    expect(await check(first)).toMatchObject(ALLOW);
    expect(downloads.count).toBe(1);

    const rotation = await idp.rotateSigningKey({ overlapSeconds: 120 });
    time.now += 30_000; // the guard asks again for an unknown kid at most once per 30 s
    const second = await newToken();
    expect(kidOf(second)).toBe(rotation.kid);
    expect(await check(second)).toMatchObject(ALLOW);
    expect(downloads.count).toBe(2);
    expect(await check(first)).toMatchObject(ALLOW);
    expect(await check(second)).toMatchObject(ALLOW);
    expect(downloads.count).toBe(2);
  });

  it('refuses tokens of the withdrawn key once its copy of the JWKS is renewed after the overlap', async () => {
    const { idp, time, downloads, newToken, check, first } = await scenario();
    expect(await check(first)).toMatchObject(ALLOW);
    await idp.rotateSigningKey({ overlapSeconds: 120 });
    time.now += 30_000;
    const second = await newToken();
    expect(await check(second)).toMatchObject(ALLOW);

    time.now += 90_000; // 120 s after the rotation: the old key is withdrawn
    expect(await check(first)).toEqual({
      decision: 'DENY',
      status: 401,
      reason: 'access_token.unknown_key',
    });
    expect(await check(second)).toMatchObject(ALLOW);
    expect(downloads.count).toBe(3);
  });
});

describe('the guard across an IdP restart with the same keys', () => {
  it('admits tokens issued before and after the restart without a refusal or a kid-driven download', async () => {
    const { idp, time, downloads, audits, newToken, check, first } = await scenario();
    expect(await check(first)).toMatchObject(ALLOW);
    const { issuer, jwksUrl, tokenUrl, signingKid } = idp;

    await idp.stop();
    await idp.start();
    expect({ issuer, jwksUrl, tokenUrl, signingKid }).toEqual({
      issuer: idp.issuer,
      jwksUrl: idp.jwksUrl,
      tokenUrl: idp.tokenUrl,
      signingKid: idp.signingKid,
    });

    time.now += 60_000; // past the guard's max age: it downloads the restarted IdP's JWKS
    expect(await check(first)).toMatchObject(ALLOW);
    // The adapter built before the restart still authenticates: the same client secret.
    const second = await newToken();
    expect(kidOf(second)).toBe(kidOf(first));
    expect(await check(second)).toMatchObject(ALLOW);
    expect(downloads.count).toBe(2);
    expect(audits.map((event) => event.decision)).toEqual(['ALLOW', 'ALLOW', 'ALLOW']);
  });
});
