import { InMemoryReplayStore } from '@dual-auth/core';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DPOP_HTU,
  dpopGuard,
  dpopGuardInput,
  type ProofKey,
  proofFor,
  proofKey,
} from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  NOW_S,
  PROFILE,
  type SigningKey,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import type { GuardDecision, GuardInput } from './guard-decision.js';

// RFC 9449 §4.3, §7.1: with `dpop`, the guard checks the proof itself; a gateway is no longer
// needed in front of an API whose IdP issues DPoP-bound tokens.

const URL_SEEN = 'https://api.example.com/api/balance?from=2026-01-01';
const HTU = DPOP_HTU;

const input = (token: string, proof: string | undefined, more: Partial<GuardInput> = {}) =>
  dpopGuardInput(URL_SEEN, token, proof, more);

function expectProofRefused(decision: GuardDecision, claim?: string): void {
  expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  if (decision.decision !== 'DENY') return;
  expect(decision.audit.reason).toMatch(/^dpop_proof\./);
  expect(decision.headers['www-authenticate']).toMatch(
    /^DPoP error="invalid_dpop_proof", error_description="[^"]+", algs="ES256 /,
  );
  if (claim !== undefined) expect(decision.body.error_description).toContain(`"${claim}"`);
}

function expectTokenRefused(decision: GuardDecision, reason: string): void {
  expect(decision).toMatchObject({ decision: 'DENY', status: 401, audit: { reason } });
  if (decision.decision !== 'DENY') return;
  expect(decision.body.error).toBe('invalid_token');
  expect(decision.headers['www-authenticate']).toMatch(/^DPoP error="invalid_token", /);
}

describe('a DPoP-bound access token with its proof (guard option dpop)', () => {
  let idpKey: SigningKey;
  let key: ProofKey;
  let other: ProofKey;
  beforeAll(async () => {
    idpKey = await createSigningKey('idp-1');
    [key, other] = await Promise.all([proofKey(), proofKey()]);
  });

  const guardWith = (dpop: DualAuthGuardOptions['dpop'] = {}) => dpopGuard(idpKey, dpop);
  const boundToken = (jkt = key.jkt, cnf: Record<string, unknown> = { jkt }) =>
    accessToken('keycloak', idpKey, { cnf });

  it('is admitted when the proof is right (the query left out of htu)', async () => {
    const token = await boundToken();
    const decision = await guardWith().check(input(token, await proofFor(key, token)));
    expect(decision.decision).toBe('ALLOW');
  });

  it('is admitted with htu equal after RFC 3986 §6 normalisation', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token, { htu: 'HTTPS://API.example.com:443/api/%62alance' });
    expect((await guardWith().check(input(token, proof))).decision).toBe('ALLOW');
  });

  // RFC 3986 §6 would make `/users/../api/balance` the same URL, but a client builds htu from
  // the URL it sends, which has no dot segments: one that does is refused, never normalised away.
  it.each([
    'https://api.example.com/users/../api/balance',
    'https://api.example.com/api/./balance',
    'https://api.example.com/api/x/%2e%2E/balance',
    'https://api.example.com/api/x/.%2e/balance',
    'https://api.example.com/api/%2E/balance',
    'https://api.example.com/api/x\\..\\balance',
  ])('refuses a proof whose htu has dot segments (%s)', async (htu) => {
    const token = await boundToken();
    const decision = await guardWith().check(input(token, await proofFor(key, token, { htu })));
    expectProofRefused(decision, 'htu');
    expect(decision.audit.reason).toBe('dpop_proof.malformed');
    expect(decision.decision === 'DENY' && decision.body.error_description).toMatch(/dot segments/);
  });

  it('admits segments that only contain dots among other characters', async () => {
    const token = await boundToken();
    const guard = guardWith();
    for (const path of ['/api/...', '/api/.well', '/api/v1..2', '/api/balance?next=../x']) {
      const htu = `https://api.example.com${path.replace(/\?.*/, '')}`;
      const proof = await proofFor(key, token, { htu });
      const seen = dpopGuardInput(`https://api.example.com${path}`, token, proof);
      expect((await guard.check(seen)).decision).toBe('ALLOW');
    }
  });

  it('refuses the same proof a second time (jti replayed)', async () => {
    const guard = guardWith({ replayStore: new InMemoryReplayStore({ clock: fixedClock }) });
    const token = await boundToken();
    const proof = await proofFor(key, token);
    expect((await guard.check(input(token, proof))).decision).toBe('ALLOW');
    const replayed = await guard.check(input(token, proof));
    expectProofRefused(replayed, 'jti');
    expect(replayed.audit.reason).toBe('dpop_proof.replayed');
  });

  it.each([
    ['htm', { htm: 'POST' }],
    ['htu', { htu: 'https://api.example.com/api/transfer' }],
    ['htu', { htu: 'https://other.example.com/api/balance' }],
    ['ath', { ath: 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg' }],
  ])('refuses a proof with another %s', async (claim, claims) => {
    const token = await boundToken();
    expectProofRefused(
      await guardWith().check(input(token, await proofFor(key, token, claims))),
      claim,
    );
  });

  it('refuses a proof made for another access token (ath)', async () => {
    const token = await boundToken();
    const proof = await proofFor(
      key,
      await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt }, jti: 'x' }),
    );
    expectProofRefused(await guardWith().check(input(token, proof)), 'ath');
  });

  it.each([
    ['missing', { jti: undefined }, 'jti'],
    ['missing', { htm: undefined }, 'htm'],
    ['missing', { ath: undefined }, 'ath'],
  ] as [string, JWTPayload, string][])(
    'refuses a proof with its claim %s',
    async (_what, claims, claim) => {
      const token = await boundToken();
      expectProofRefused(
        await guardWith().check(input(token, await proofFor(key, token, claims))),
        claim,
      );
    },
  );

  it('admits an iat within the window and the tolerance, refuses a stale or future one', async () => {
    const guard = guardWith({ proofMaxAgeSeconds: 60 });
    const token = await boundToken();
    const at = async (iat: number) =>
      guard.check(input(token, await proofFor(key, token, { iat })));
    // clockToleranceSeconds: 15 (default).
    expect((await at(NOW_S - 75)).decision).toBe('ALLOW');
    expect((await at(NOW_S + 15)).decision).toBe('ALLOW');
    expectProofRefused(await at(NOW_S - 76), 'iat');
    expectProofRefused(await at(NOW_S + 16), 'iat');
  });

  // A proof's window is seconds: 60_000, a minute written in milliseconds, admitted a proof made
  // 16 hours ahead (RFC 9449 §11.1: proofs are for one request, made just before it) and kept its
  // jti as long. An hour is far past any clock skew a proof needs, as a clock tolerance's 300 s is.
  it('admits a proof up to an hour old with proofMaxAgeSeconds 3600; refuses a longer window at creation', async () => {
    const guard = guardWith({ proofMaxAgeSeconds: 3600 });
    const token = await boundToken();
    const at = async (iat: number) =>
      guard.check(input(token, await proofFor(key, token, { iat })));
    expect((await at(NOW_S - 3615)).decision).toBe('ALLOW');
    expectProofRefused(await at(NOW_S - 3616), 'iat');
    for (const proofMaxAgeSeconds of [3601, 60_000]) {
      expect(() => guardWith({ proofMaxAgeSeconds })).toThrow(
        'options.dpop.proofMaxAgeSeconds must be at most 3600 seconds (an hour): seconds, not milliseconds?',
      );
    }
  });

  it('refuses a token bound to another key (cnf.jkt is not the proof key)', async () => {
    const token = await boundToken(other.jkt);
    expectTokenRefused(
      await guardWith().check(input(token, await proofFor(key, token))),
      'access_token.binding_mismatch',
    );
  });

  it('refuses a token holding a confirmation no proof of this request shows (x5t#S256)', async () => {
    const token = await boundToken(key.jkt, {
      jkt: key.jkt,
      'x5t#S256': 'bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2',
    });
    expectTokenRefused(
      await guardWith().check(input(token, await proofFor(key, token))),
      'access_token.binding_mismatch',
    );
  });

  // RFC 9449 §7.1: the DPoP scheme presents a DPoP-bound token; a Bearer token (no cnf) sent with
  // it is not one, so it is refused rather than admitted as if its binding had been checked.
  it('refuses a Bearer token (no cnf) sent with the DPoP scheme', async () => {
    const token = await accessToken('keycloak', idpKey);
    expectTokenRefused(
      await guardWith().check(input(token, await proofFor(key, token))),
      'access_token.binding_mismatch',
    );
  });

  it('still refuses a DPoP-bound token sent as Bearer, and admits a Bearer token', async () => {
    const guard = guardWith();
    const bound = await boundToken();
    const refused = await guard.check(
      input(bound, undefined, { authorization: `Bearer ${bound}` }),
    );
    expect(refused).toMatchObject({
      status: 401,
      audit: { reason: 'access_token.binding_mismatch' },
    });
    const plain = await accessToken('keycloak', idpKey);
    const admitted = await guard.check(
      input(plain, undefined, { authorization: `Bearer ${plain}` }),
    );
    expect(admitted.decision).toBe('ALLOW');
  });

  it('answers a request without credentials with both challenges', async () => {
    const decision = await guardWith().check(input('x', undefined, { authorization: undefined }));
    expect(decision.decision === 'DENY' && decision.headers['www-authenticate']).toBe(
      'Bearer, DPoP algs="ES256 ES384 ES512 EdDSA Ed25519 PS256 PS384 PS512 RS256 RS384 RS512"',
    );
  });

  it.each([
    ['none', { alg: 'none' }],
    ['HS256', { alg: 'HS256' }],
  ])('refuses a proof signed with alg %s', async (_name, header) => {
    const token = await boundToken();
    const proof = await proofFor(key, token);
    const [, payload] = proof.split('.');
    const head = Buffer.from(JSON.stringify({ typ: 'dpop+jwt', jwk: key.jwk, ...header })).toString(
      'base64url',
    );
    expectProofRefused(await guardWith().check(input(token, `${head}.${payload}.c2ln`)));
  });

  it('refuses a proof whose HS256 key is a symmetric jwk', async () => {
    const token = await boundToken();
    const secret = new TextEncoder().encode('0123456789abcdef0123456789abcdef');
    const jwk = { kty: 'oct', k: Buffer.from(secret).toString('base64url') };
    const proof = await new SignJWT({ jti: 'j', htm: 'GET', htu: HTU, iat: NOW_S })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt', jwk })
      .sign(secret);
    expectProofRefused(await guardWith().check(input(token, proof)));
  });

  it('refuses a proof whose jwk holds the private key', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(privateKey);
    const token = await boundToken(await calculateJwkThumbprint(jwk, 'sha256'));
    const proof = await proofFor({ privateKey, jwk, jkt: '' }, token);
    expectProofRefused(await guardWith().check(input(token, proof)), 'jwk');
  });

  it('refuses a proof with another typ, or signed by another key', async () => {
    const token = await boundToken();
    expectProofRefused(
      await guardWith().check(input(token, await proofFor(key, token, {}, { typ: 'JWT' }))),
      'typ',
    );
    const forged = await proofFor(key, token, {}, { jwk: other.jwk });
    expectProofRefused(await guardWith().check(input(token, forged)));
  });

  it('refuses two DPoP headers, none, or one that is not a JWT', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token);
    for (const dpop of [`${proof}, ${proof}`, undefined, 'not a proof']) {
      const decision = await guardWith().check(input(token, dpop));
      expectProofRefused(decision);
      expect(decision.decision === 'DENY' && decision.body.error_description).toMatch(/DPoP/);
    }
  });

  it('compares htu with publicBaseUrl when a proxy changes the URL the server sees', async () => {
    const token = await boundToken();
    const seen = { url: 'http://10.0.0.7:8080/balance' };
    const publicBaseUrl = 'https://api.example.com/api';
    const guard = guardWith({ publicBaseUrl });
    expect((await guard.check(input(token, await proofFor(key, token), seen))).decision).toBe(
      'ALLOW',
    );
    expectProofRefused(
      await guardWith().check(input(token, await proofFor(key, token), seen)),
      'htu',
    );
  });

  it('admits a DPoP-bound introspection answer (cnf.jkt) with its proof', async () => {
    const setup = VENDOR_SETUP.keycloak;
    const answer = (jkt: string) => ({
      active: true,
      token_type: 'DPoP',
      cnf: { jkt },
      iss: setup.issuer,
      aud: setup.audience,
      iat: NOW_S,
      exp: NOW_S + 3600,
      ...setup.claims(setup.agentId),
    });
    const { keys: _keys, ...options } = keycloakGuardOptions(idpKey.publicJwk);
    const guardFor = (jkt: string) =>
      createDualAuthGuard({
        ...options,
        introspection: { introspect: async () => answer(jkt) } as never,
        dpop: {},
      });
    const opaque = 'opaque-token-1';
    expect(
      (await guardFor(key.jkt).check(input(opaque, await proofFor(key, opaque)))).decision,
    ).toBe('ALLOW');
    expectTokenRefused(
      await guardFor(other.jkt).check(input(opaque, await proofFor(key, opaque))),
      'access_token.binding_mismatch',
    );
  });

  it('never puts the token or the proof in the refusal or its audit', async () => {
    const token = await boundToken(other.jkt);
    const proof = await proofFor(key, token);
    const decision = await guardWith().check(input(token, proof));
    const text = JSON.stringify(decision);
    for (const secret of [token, proof, ...token.split('.'), ...proof.split('.')]) {
      expect(text).not.toContain(secret);
    }
  });

  it('refuses wrong dpop options at creation', () => {
    expect(() => guardWith({ algorithms: ['HS256' as 'ES256'] })).toThrow(
      /options\.dpop\.algorithms must list asymmetric JWS algorithms/,
    );
    expect(() => guardWith({ proofMaxAgeSeconds: -1 })).toThrow(/proofMaxAgeSeconds/);
    expect(() => guardWith({ publicBaseUrl: 'api.example.com' })).toThrow(/publicBaseUrl/);
    expect(() => guardWith({ publicBaseUrl: 'https://api.example.com/?q' })).toThrow(
      /publicBaseUrl/,
    );
    expect(() => guardWith({ nonce: true } as never)).toThrow(/dpop.*nonce/);
    expect(() => guardWith({ replayStore: {} as never })).toThrow(/replayStore/);
    expect(PROFILE.keycloak).toBeDefined();
  });
});
