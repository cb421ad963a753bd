import { InMemoryReplayStore } from '@dual-auth/core';
import { CompactSign, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  accessToken,
  dpopFixture,
  dpopGuard,
  dpopGuardInput,
  fixedClock,
  NOW_S,
  proofFor,
  proofKey,
} from '../test/support/dpop-fixture.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { accessTokenDigest } from './access-token-digest.js';
import type { DualAuthGuardOptions } from './dual-auth-guard.js';
import type { GuardDecision, GuardInput } from './guard-decision.js';

// Someone holding a DPoP-bound token (stolen, or sniffed with a proof) tries to use it without
// the key, or a proof elsewhere than where its maker sent it (RFC 9449 §4.3, §7.1, §11).

const URL_SEEN = 'https://api.example.com/api/balance';

const input = (token: string, proof: string | undefined, more: Partial<GuardInput> = {}) =>
  dpopGuardInput(URL_SEEN, token, proof, more);

function expectDenied(decision: GuardDecision, reason: RegExp): void {
  expect(decision).toMatchObject({ decision: 'DENY', status: 401 });
  expect(decision.audit.reason).toMatch(reason);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

// A thumbprint with `-` or `_`, so its standard-alphabet spelling differs.
const { idpKey, key } = await dpopFixture((made) => /[-_]/.test(made.jkt));

describe('attacks on the guard checking DPoP proofs', () => {
  const logger = recordingLogger();
  const guardWith = (dpop: DualAuthGuardOptions['dpop'] = {}) =>
    dpopGuard(idpKey, dpop, { logger });
  const boundToken = (cnf: unknown = { jkt: key.jkt }) =>
    accessToken('keycloak', idpKey, { cnf } as never);

  it.each([
    ['a trailing slash', 'https://api.example.com/api/balance/'],
    ['another path case', 'https://api.example.com/API/balance'],
    ['an encoded slash', 'https://api.example.com/api%2Fbalance'],
    ['plain http', 'http://api.example.com/api/balance'],
    ['another port', 'https://api.example.com:8443/api/balance'],
    ['a parent path', 'https://api.example.com/api'],
    ['a longer path', 'https://api.example.com/api/balance/more'],
    ['a sibling host', 'https://api.example.com.evil.example/api/balance'],
    ['a relative htu', '/api/balance'],
    ['no scheme', '//api.example.com/api/balance'],
    ['another scheme', 'wss://api.example.com/api/balance'],
  ])('refuses a proof whose htu has %s', async (_what, htu) => {
    const token = await boundToken();
    expectDenied(
      await guardWith().check(input(token, await proofFor(key, token, { htu }))),
      /^dpop_proof\./,
    );
  });

  // RFC 3986 §6 normalisation never adds an authority, drops a user name, trims spaces or reads
  // `\\` as `/`; WHATWG URL parsing does all four, so without a check of its own such an htu names
  // a URL another reader of the same proof (a gateway, an audit) sees differently.
  it.each([
    ['a user name', 'https://user@api.example.com/api/balance'],
    ['a user name and password', 'https://user:pw@api.example.com/api/balance'],
    ['a host as user name', 'https://api.example.com@api.example.com/api/balance'],
    ['no authority slashes', 'https:api.example.com/api/balance'],
    ['three slashes', 'https:///api.example.com/api/balance'],
    ['backslashes', 'https:\\\\api.example.com\\api\\balance'],
    ['a leading space', ' https://api.example.com/api/balance'],
    ['a trailing tab', 'https://api.example.com/api/balance\t'],
    ['a newline in the path', 'https://api.example.com/api/bal\nance'],
  ])('refuses a proof whose htu URL parsing would repair (%s)', async (_what, htu) => {
    const token = await boundToken();
    const refused = await guardWith().check(input(token, await proofFor(key, token, { htu })));
    expectDenied(refused, /^dpop_proof\.malformed$/);
    expect(refused.decision === 'DENY' && refused.body.error_description).toMatch(/"htu"/);
  });

  it('refuses a proof for one path at another that the server routes elsewhere', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token);
    expectDenied(
      await guardWith().check(input(token, proof, { url: 'https://api.example.com/api/transfer' })),
      /^dpop_proof\./,
    );
  });

  // Express and Fastify route the path as the client wrote it (`req.originalUrl`, `request.url`),
  // dot segments and all, while URL parsing removes them: a proof made for /api/balance must not
  // be taken by a request the app routes as /api/x/../balance (to an /api/x/* handler).
  it.each([
    ['..', 'https://api.example.com/api/x/../balance'],
    ['%2e%2e', 'https://api.example.com/api/x/%2e%2e/balance'],
    ['.%2E', 'https://api.example.com/api/x/.%2E/balance'],
    ['.', 'https://api.example.com/api/./balance'],
    ['..\\', 'https://api.example.com/api/x\\..\\balance'],
  ])(
    'refuses a proof at a request URL with a dot segment (%s) that URL parsing removes',
    async (_what, url) => {
      const token = await boundToken();
      const refused = await guardWith().check(input(token, await proofFor(key, token), { url }));
      expectDenied(refused, /^dpop_proof\.binding_mismatch$/);
      expect(refused.decision === 'DENY' && refused.body.error_description).toMatch(/dot segments/);
    },
  );

  it.each([['get'], ['Get'], [' GET'], ['GET ']])(
    'refuses a proof whose htm is %j for a GET',
    async (htm) => {
      const token = await boundToken();
      expectDenied(
        await guardWith().check(input(token, await proofFor(key, token, { htm }))),
        /^dpop_proof\./,
      );
    },
  );

  it.each([
    ['a string', String(NOW_S)],
    ['far in the future', NOW_S + 10 * 365 * 86400],
    ['an array', [NOW_S]],
    ['in milliseconds', NOW_S * 1000],
  ])('refuses a proof whose iat is %s', async (_what, iat) => {
    const token = await boundToken();
    expectDenied(
      await guardWith().check(input(token, await proofFor(key, token, { iat }))),
      /^dpop_proof\./,
    );
  });

  it('refuses an ath in another encoding (padded, standard alphabet, hex)', async () => {
    const token = await boundToken();
    const digest = Buffer.from(await accessTokenDigest(token), 'base64url');
    for (const ath of [
      digest.toString('base64'),
      `${digest.toString('base64url')}=`,
      digest.toString('hex'),
    ]) {
      expectDenied(
        await guardWith().check(input(token, await proofFor(key, token, { ath }))),
        /^dpop_proof\./,
      );
    }
  });

  it.each([
    ['padded', (jkt: string) => ({ jkt: `${jkt}=` })],
    [
      'in the standard alphabet',
      (jkt: string) => ({ jkt: jkt.replace(/-/g, '+').replace(/_/g, '/') }),
    ],
    ['in an array', (jkt: string) => ({ jkt: [jkt] })],
    ['upper-cased', (jkt: string) => ({ jkt: jkt.toUpperCase() })],
    ['under __proto__', (jkt: string) => JSON.parse(`{"__proto__":{"jkt":"${jkt}"}}`)],
    ['next to an unknown member', (jkt: string) => ({ jkt, jwk: key.jwk })],
    ['as an array cnf', (jkt: string) => [{ jkt }]],
  ])('refuses a token whose cnf.jkt is %s', async (_what, cnfOf) => {
    const token = await boundToken(cnfOf(key.jkt));
    expectDenied(
      await guardWith().check(input(token, await proofFor(key, token))),
      /^access_token\.binding_mismatch$/,
    );
  });

  // RFC 7519 §4.1.4, §4.1.5: a JWT past its `exp`, or before its `nbf`, is not accepted. RFC 9449
  // §4.2 lets a proof carry them: a client bounding its proofs tighter than the API's window
  // (15 s of clock tolerance here) is held to it.
  it.each([
    ['an exp passed', { exp: NOW_S - 30 }, /^dpop_proof\.expired$/],
    ['an exp that is not a number', { exp: String(NOW_S + 30) }, /^dpop_proof\.malformed$/],
    ['an nbf ahead', { nbf: NOW_S + 60 }, /^dpop_proof\.not_yet_valid$/],
    ['an nbf that is not a number', { nbf: String(NOW_S) }, /^dpop_proof\.malformed$/],
  ])('refuses a proof with %s', async (_what, claims, reason) => {
    const token = await boundToken();
    expectDenied(await guardWith().check(input(token, await proofFor(key, token, claims))), reason);
  });

  it('admits a proof whose exp is ahead and whose nbf has passed', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token, { exp: NOW_S + 30, nbf: NOW_S - 5 });
    expect(await guardWith().check(input(token, proof))).toMatchObject({ decision: 'ALLOW' });
  });

  // A JSON number such as 1e309 parses to Infinity, which core refuses in every other JWT as no
  // number of seconds (numericDate): here an exp of 1e309 was taken as never expiring, an nbf of
  // 1e309 was told "check the client's clock" and an exp of -1e309 "make a new proof".
  it.each([
    ['exp', '1e309'],
    ['exp', '-1e309'],
    ['nbf', '1e309'],
  ])(
    'refuses a proof whose %s is %s (not finite once parsed) as malformed',
    async (claim, value) => {
      const token = await boundToken();
      const claims = { jti: crypto.randomUUID(), htm: 'GET', htu: URL_SEEN, iat: NOW_S };
      const payload = JSON.stringify({ ...claims, ath: await accessTokenDigest(token) });
      const proof = await new CompactSign(
        new TextEncoder().encode(payload.replace(/}$/, `,"${claim}":${value}}`)),
      )
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
        .sign(key.privateKey);
      expectDenied(await guardWith().check(input(token, proof)), /^dpop_proof\.malformed$/);
    },
  );

  // The proof's own exp bounds it further, never longer: its iat window still rules.
  it('refuses a proof whose exp is years ahead but whose iat is past the window', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token, { iat: NOW_S - 3600, exp: NOW_S + 10 * 365 * 86_400 });
    expectDenied(await guardWith().check(input(token, proof)), /^dpop_proof\.expired$/);
  });

  it('admits one of two concurrent requests with the same proof (the replay claim is atomic)', async () => {
    const guard = guardWith({ replayStore: new InMemoryReplayStore({ clock: fixedClock }) });
    const token = await boundToken();
    const proof = await proofFor(key, token);
    const decisions = await Promise.all(
      Array.from({ length: 5 }, () => guard.check(input(token, proof))),
    );
    expect(decisions.filter((d) => d.decision === 'ALLOW')).toHaveLength(1);
  });

  it('refuses a proof replayed with its query changed (the query is not part of htu)', async () => {
    const guard = guardWith();
    const token = await boundToken();
    const proof = await proofFor(key, token);
    expect((await guard.check(input(token, proof))).decision).toBe('ALLOW');
    expectDenied(
      await guard.check(input(token, proof, { url: `${URL_SEEN}?to=attacker` })),
      /^dpop_proof\.replayed$/,
    );
  });

  it('refuses a header alg that does not fit the jwk (RS256 over an EC key, ES384 over P-256)', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token);
    const [, payload, signature] = proof.split('.');
    for (const alg of ['RS256', 'ES384', 'PS256', 'EdDSA']) {
      const head = b64({ alg, typ: 'dpop+jwt', jwk: key.jwk });
      expectDenied(
        await guardWith().check(input(token, `${head}.${payload}.${signature}`)),
        /^dpop_proof\./,
      );
    }
  });

  it('refuses a jwk with a symmetric kty, or private members hidden by case or nesting', async () => {
    const token = await boundToken();
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const priv = await exportJWK(privateKey);
    for (const jwk of [
      { kty: 'oct', k: 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0' },
      { ...key.jwk, kty: 'oct' },
      { ...priv },
    ]) {
      expectDenied(
        await guardWith().check(input(token, await proofFor(key, token, {}, { jwk }))),
        /^dpop_proof\./,
      );
    }
  });

  it('refuses a proof over 8 KiB before verifying anything', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token, { pad: 'x'.repeat(9000) });
    expectDenied(await guardWith().check(input(token, proof)), /^dpop_proof\.too_large$/);
  });

  // An RSA public exponent as long as the modulus makes each verification cost as much as a
  // private-key operation (~10 ms for 3072 bits, 50 times an ES256 proof), paid before the token
  // is looked at: any client can spend the server's CPU with garbage tokens.
  it('refuses an RSA proof key with a huge public exponent or modulus, unverified', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token);
    const [, payload] = proof.split('.');
    const bytes = (length: number) => {
      const value = Buffer.alloc(length, 0xab);
      value[0] = 0x7f;
      value[length - 1] = 0x01;
      return value.toString('base64url');
    };
    for (const jwk of [
      { kty: 'RSA', n: bytes(384), e: bytes(384) },
      { kty: 'RSA', n: bytes(256), e: bytes(9) },
      { kty: 'RSA', n: bytes(2048), e: 'AQAB' },
    ]) {
      const head = b64({ alg: 'RS256', typ: 'dpop+jwt', jwk });
      const decision = await guardWith().check(input(token, `${head}.${payload}.${bytes(256)}`));
      expectDenied(decision, /^dpop_proof\.malformed$/);
      expect(decision.decision === 'DENY' && decision.body.error_description).toMatch(/"jwk"/);
    }
  });

  it('still admits an RSA-2048 (RS256, PS256) proof key with exponent 65537', async () => {
    for (const alg of ['RS256', 'PS256']) {
      const rsa = await proofKey(alg);
      const token = await boundToken({ jkt: rsa.jkt });
      const proof = await proofFor(rsa, token, {}, { alg });
      expect((await guardWith().check(input(token, proof))).decision).toBe('ALLOW');
    }
  });

  it('does not admit a Bearer-only token with a proof of the attacker’s own key', async () => {
    const token = await accessToken('keycloak', idpKey);
    const mine = await proofKey();
    expectDenied(
      await guardWith().check(input(token, await proofFor(mine, token))),
      /^access_token\.binding_mismatch$/,
    );
  });

  it('refuses a DPoP-bound token with the scheme written in another case but no proof', async () => {
    const token = await boundToken();
    for (const authorization of [`dpop ${token}`, `DPOP ${token}`]) {
      expectDenied(
        await guardWith().check(input(token, undefined, { authorization })),
        /^dpop_proof\./,
      );
    }
  });

  it('refuses a DPoP-bound token sent as Bearer with its proof (no downgrade)', async () => {
    const token = await boundToken();
    const proof = await proofFor(key, token);
    expectDenied(
      await guardWith().check(input(token, proof, { authorization: `Bearer ${token}` })),
      /^access_token\.binding_mismatch$/,
    );
  });

  // With dpop the guard checks proofs itself; boundTokens 'checked-upstream' says a gateway did, so
  // a bound token sent as Bearer passes unchecked: a stolen DPoP token without its key.
  it("refuses dpop with boundTokens: 'checked-upstream' at creation (no Bearer downgrade)", () => {
    expect(() => dpopGuard(idpKey, {}, { boundTokens: 'checked-upstream' })).toThrow(
      /options\.dpop.*boundTokens: 'checked-upstream'|boundTokens: 'checked-upstream'.*dpop/,
    );
  });

  it('puts no token, proof, thumbprint or key in a log line or a refusal', async () => {
    const guard = guardWith();
    const token = await boundToken();
    const other = await proofKey();
    const refusals: GuardDecision[] = [];
    refusals.push(await guard.check(input(token, await proofFor(other, token))));
    refusals.push(await guard.check(input(token, await proofFor(key, token, { htm: 'POST' }))));
    const proof = await proofFor(key, token);
    refusals.push(await guard.check(input(token, proof)));
    refusals.push(await guard.check(input(token, proof)));
    const text = JSON.stringify([logger.events, refusals]);
    for (const secret of [
      token,
      proof,
      ...token.split('.'),
      ...proof.split('.'),
      key.jkt,
      other.jkt,
      String(key.jwk.x),
      String(other.jwk.x),
      await accessTokenDigest(token),
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
