import { inspect } from 'node:util';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import { startHttpsServer } from '@dual-auth/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { refusal } from '../test/support/refusal.js';
import {
  accessToken,
  createSigningKey,
  fixedClock,
  HUMAN,
  type JwksServer,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
  startJwksServer,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { VENDORS, type Vendor } from '../test/support/vendors.js';
import {
  type VerifyDualSubjectTokenOptions,
  verifyDualSubjectToken,
} from './verify-dual-subject-token.js';
import type { VerificationKeys } from './verify-options.js';

let idpKey: SigningKey;
let otherKey: SigningKey;
let jwks: JwksServer;
let keys: VerificationKeys;

idpJwksPerSuite((started) => ({ idpKey, jwks } = started), 'idp-1');
beforeAll(async () => {
  otherKey = await createSigningKey('idp-1');
  keys = createRemoteJwks(jwks.url, { fetch: jwks.server.fetch });
});

const NON_ENTRA = VENDORS.filter((vendor) => vendor !== 'entraid');

function options(
  vendor: Vendor,
  extra: Partial<VerifyDualSubjectTokenOptions> = {},
): VerifyDualSubjectTokenOptions {
  const setup = VENDOR_SETUP[vendor];
  return {
    profile: PROFILE[vendor],
    issuer: setup.issuer,
    audience: setup.audience,
    keys,
    clock: fixedClock,
    ...extra,
  };
}

describe('verifyDualSubjectToken: each vendor token shape', () => {
  it('Keycloak: agent = azp, roles = realm_access.roles, human = act.sub', async () => {
    const subject = await verifyDualSubjectToken(
      await accessToken('keycloak', idpKey),
      options('keycloak'),
    );
    expect(subject.vendor).toBe('keycloak');
    expect(subject.agent).toEqual({
      id: 'finance-agent',
      roles: ['FinanceAgent', 'default-roles-agbac'],
      scopes: ['openid', 'email', 'profile'],
    });
    expect(subject.human.sub).toBe('user-123');
    expect(subject.human.raw.email).toBe(HUMAN.email);
    expect(subject.agent.raw.iss).toBe(VENDOR_SETUP.keycloak.issuer);
  });

  it('Auth0: agent = azp, scopes = permissions and scope', async () => {
    const token = await accessToken('auth0', idpKey, { scope: 'read:finance-data extra' });
    const subject = await verifyDualSubjectToken(token, options('auth0'));
    expect(subject.agent.id).toBe('Ag3ntCl1ent');
    expect(subject.agent.roles).toEqual([]);
    expect(subject.agent.scopes).toEqual(['read:finance-data', 'extra']);
    expect(subject.human.sub).toBe('auth0|user-123');
  });

  it('Auth0: without azp, the agent comes from sub "<client>@clients"', async () => {
    const token = await accessToken('auth0', idpKey, { azp: undefined });
    expect((await verifyDualSubjectToken(token, options('auth0'))).agent.id).toBe('Ag3ntCl1ent');
  });

  it('Okta: agent = cid, scopes = scp', async () => {
    const subject = await verifyDualSubjectToken(
      await accessToken('okta', idpKey),
      options('okta'),
    );
    expect(subject.agent).toEqual({ id: '0oaAgent', roles: [], scopes: ['finance.read'] });
    expect(subject.human.sub).toBe('00uUser123');
  });

  it('prints ids only: no email, name or raw claims', async () => {
    const subject = await verifyDualSubjectToken(
      await accessToken('keycloak', idpKey),
      options('keycloak'),
    );
    for (const text of [
      JSON.stringify(subject),
      inspect(subject, { depth: 9 }),
      JSON.stringify({ ...subject.human }),
    ]) {
      expect(text).not.toContain(HUMAN.email);
      expect(text).not.toContain(HUMAN.name);
      expect(text).toContain('user-123');
    }
    expect(Object.isFrozen(subject) && Object.isFrozen(subject.agent)).toBe(true);
  });
});

describe('verifyDualSubjectToken: refusals', () => {
  it.each(NON_ENTRA)('%s: a token without act is refused with a clear reason', async (vendor) => {
    const token = await accessToken(vendor, idpKey, { act: undefined });
    const error = await refusal(verifyDualSubjectToken(token, options(vendor)));
    expect(error).toMatchObject({
      credential: 'access_token',
      reason: 'missing_claim',
      claim: 'act',
    });
    expect(error.message).toMatch(/no "act" claim/);
  });

  it.each([
    ['act is a string', { act: 'user-123' }, 'act'],
    ['act.sub is empty', { act: { sub: ' ' } }, 'act.sub'],
    ['act.sub is a number', { act: { sub: 42 } }, 'act.sub'],
    ['act.oid is not a string', { act: { sub: 'u', oid: 1 } }, 'act.oid'],
  ])('%s → invalid_act', async (_name, claims, claim) => {
    const token = await accessToken('okta', idpKey, claims);
    const error = await refusal(verifyDualSubjectToken(token, options('okta')));
    expect(error).toMatchObject({ reason: 'invalid_act', claim });
  });

  it('a forged token (same kid, another key) → bad_signature', async () => {
    const token = await accessToken('keycloak', otherKey);
    const error = await refusal(verifyDualSubjectToken(token, options('keycloak')));
    expect(error.reason).toBe('bad_signature');
  });

  it('an expired token → expired; within the leeway it passes', async () => {
    const stale = { iat: NOW_S - 3700, nbf: NOW_S - 3700, exp: NOW_S - 10 };
    const token = await accessToken('auth0', idpKey, stale);
    await expect(verifyDualSubjectToken(token, options('auth0'))).resolves.toBeDefined();
    const error = await refusal(
      verifyDualSubjectToken(token, options('auth0', { clockToleranceSeconds: 0 })),
    );
    expect(error).toMatchObject({
      reason: 'expired',
      claim: 'exp',
      // Session 38 (opsmend): what to do, after what happened.
      message:
        'Access token has expired ("exp"): get a new one; if new ones are refused too, check the clocks (NTP)',
    });
  });

  it.each([
    ['wrong audience', { aud: 'https://other-api' }, 'wrong_audience'],
    ['wrong issuer', { iss: 'https://evil.example/' }, 'wrong_issuer'],
    ['not valid yet', { nbf: NOW_S + 120 }, 'not_yet_valid'],
    ['no exp', { exp: undefined }, 'missing_claim'],
    ['no agent id (cid)', { cid: undefined }, 'missing_claim'],
  ])('%s → %s', async (_name, claims, reason) => {
    const token = await accessToken('okta', idpKey, claims);
    const error = await refusal(verifyDualSubjectToken(token, options('okta')));
    expect(error.reason).toBe(reason);
    expect(error.credential).toBe('access_token');
  });

  it('an HMAC token (alg confusion) → unsupported_algorithm', async () => {
    const secret = new TextEncoder().encode('x'.repeat(32));
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({
      ...VENDOR_SETUP.okta.claims('0oaAgent'),
      iss: VENDOR_SETUP.okta.issuer,
      aud: VENDOR_SETUP.okta.audience,
      iat: NOW_S,
      exp: NOW_S + 60,
    })
      .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
      .sign(secret);
    const error = await refusal(verifyDualSubjectToken(token, options('okta')));
    expect(error.reason).toBe('unsupported_algorithm');
  });

  it('an unsigned token (alg none) → unsupported_algorithm', async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${b64({ alg: 'none' })}.${b64({ iss: VENDOR_SETUP.okta.issuer, act: HUMAN })}.`;
    const error = await refusal(verifyDualSubjectToken(token, options('okta')));
    expect(error.reason).toBe('unsupported_algorithm');
  });

  it('garbage → malformed; an oversized token → too_large', async () => {
    expect((await refusal(verifyDualSubjectToken('not.a.jwt', options('okta')))).reason).toBe(
      'malformed',
    );
    const big = 'a'.repeat(20_000);
    expect((await refusal(verifyDualSubjectToken(big, options('okta')))).reason).toBe('too_large');
  });

  it('a kid the JWKS does not have → unknown_key', async () => {
    const stranger = await createSigningKey('stranger');
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('okta', stranger), options('okta')),
    );
    expect(error.reason).toBe('unknown_key');
  });

  it('errors never contain the token, email or name', async () => {
    const token = await accessToken('keycloak', idpKey, { aud: 'nope' });
    const error = await refusal(verifyDualSubjectToken(token, options('keycloak')));
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 9 })]) {
      expect(text).not.toContain(token.split('.')[1]);
      expect(text).not.toContain(HUMAN.email);
      expect(text).not.toContain(HUMAN.name);
    }
    expect(error.cause).toBeUndefined();
  });
});

describe('verifyDualSubjectToken: keys', () => {
  it('downloads the JWKS once and reuses it; refreshes on an unknown kid (rotation)', async () => {
    const server = await startJwksServer([idpKey.publicJwk]);
    try {
      const remote = createRemoteJwks(server.url, { fetch: server.server.fetch, cooldownMs: 0 });
      const opts = options('okta', { keys: remote });
      for (let i = 0; i < 3; i++) {
        await verifyDualSubjectToken(await accessToken('okta', idpKey), opts);
      }
      expect(server.hits).toBe(1);
      const rotated = await createSigningKey('idp-2');
      server.keys = [idpKey.publicJwk, rotated.publicJwk];
      await verifyDualSubjectToken(await accessToken('okta', rotated), opts);
      expect(server.hits).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('an unreachable JWKS → key_unavailable (with the cause kept)', async () => {
    const server = await startJwksServer([idpKey.publicJwk]);
    server.down = true;
    try {
      const remote = createRemoteJwks(server.url, { fetch: server.server.fetch });
      const error = await refusal(
        verifyDualSubjectToken(
          await accessToken('okta', idpKey),
          options('okta', { keys: remote }),
        ),
      );
      expect(error.reason).toBe('key_unavailable');
      expect(error.cause).toBeInstanceOf(Error);
    } finally {
      await server.close();
    }
  });

  it('stops reading a JWKS past maxBytes, with or without Content-Length: key_unavailable', async () => {
    // The right key after 1 MB of padding keys: a verifier that buffered it all would accept.
    const padding = `{"kty":"oct","k":"${'A'.repeat(16_000)}"},`.repeat(64);
    const server = await startHttpsServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/sized') {
        res.end(`{"keys":[${padding}${JSON.stringify(idpKey.publicJwk)}]}`);
        return;
      }
      res.write(`{"keys":[${padding}`);
      res.end(`${JSON.stringify(idpKey.publicJwk)}]}`);
    });
    try {
      const token = await accessToken('okta', idpKey);
      for (const path of ['/sized', '/chunked']) {
        const remote = createRemoteJwks(`${server.url}${path}`, { fetch: server.fetch });
        const error = await refusal(
          verifyDualSubjectToken(token, options('okta', { keys: remote })),
        );
        expect(error.reason).toBe('key_unavailable');
        expect((error.cause as Error).message).toBe('The JWKS is larger than 262144 bytes');
      }
      const roomy = createRemoteJwks(`${server.url}/chunked`, {
        fetch: server.fetch,
        maxBytes: 2_000_000,
      });
      const subject = await verifyDualSubjectToken(token, options('okta', { keys: roomy }));
      expect(subject.agent.id).toBe('0oaAgent');
    } finally {
      await server.close();
    }
  });

  it('the JWKS is fetched over verified TLS: a fetch that does not trust the CA fails', async () => {
    const remote = createRemoteJwks(jwks.url);
    const error = await refusal(
      verifyDualSubjectToken(await accessToken('okta', idpKey), options('okta', { keys: remote })),
    );
    expect(error.reason).toBe('key_unavailable');
  });

  it('accepts a public CryptoKey, a JWK or PEM text instead of a JWKS', async () => {
    const { exportSPKI } = await import('jose');
    const pem = await exportSPKI(idpKey.publicKey);
    const token = await accessToken('okta', idpKey);
    for (const k of [idpKey.publicKey, idpKey.publicJwk, pem]) {
      const subject = await verifyDualSubjectToken(
        token,
        options('okta', { keys: k as VerificationKeys }),
      );
      expect(subject.agent.id).toBe('0oaAgent');
    }
  });

  it('a token signed with an allowed algorithm the static key cannot verify → unknown_key, not key_unavailable', async () => {
    const { exportSPKI } = await import('jose');
    const pem = await exportSPKI(idpKey.publicKey);
    const ecKey = await createSigningKey('idp-1', 'ES256');
    const token = await accessToken('okta', ecKey, {}, { alg: 'ES256' });
    for (const k of [idpKey.publicKey, idpKey.publicJwk, pem]) {
      const error = await refusal(
        verifyDualSubjectToken(
          token,
          options('okta', { keys: k as VerificationKeys, algorithms: ['RS256', 'ES256'] }),
        ),
      );
      expect(error.reason).toBe('unknown_key');
      expect(error.cause).toBeUndefined();
    }
  });
});

describe('verifyDualSubjectToken: options', () => {
  it.each([
    ['no profile', { profile: undefined }],
    ['empty issuer', { issuer: '' }],
    ['no audience', { audience: [] }],
    ['bad keys', { keys: 42 }],
    ['HMAC algorithms', { algorithms: ['HS256'] }],
    ['negative leeway', { clockToleranceSeconds: -1 }],
    ['a bound-assertion profile without boundActAssertion', { profile: PROFILE.entraid }],
  ])('%s → TypeError', async (_name, bad) => {
    await expect(
      verifyDualSubjectToken('a.b.c', { ...options('okta'), ...(bad as object) }),
    ).rejects.toThrow(TypeError);
  });

  it('a non-string token → TypeError', async () => {
    await expect(verifyDualSubjectToken(42 as never, options('okta'))).rejects.toThrow(TypeError);
  });

  it('a token without kid verifies against a single CryptoKey', async () => {
    const token = await signJwt(
      {
        iss: VENDOR_SETUP.okta.issuer,
        aud: VENDOR_SETUP.okta.audience,
        iat: NOW_S,
        exp: NOW_S + 60,
        cid: 'c',
        act: HUMAN,
      },
      idpKey,
      { kid: undefined },
    );
    const subject = await verifyDualSubjectToken(
      token,
      options('okta', { keys: idpKey.publicKey }),
    );
    expect(subject.agent.id).toBe('c');
  });
});

describe('verifyDualSubjectToken: one verification core with the act-JWT verifier', () => {
  it('a JWKS with two keys under one kid, or one key listed twice: every candidate is tried', async () => {
    // A generous download timeout: the JWKS is real HTTPS on loopback, on a possibly busy machine.
    const server = await startJwksServer([otherKey.publicJwk, idpKey.publicJwk]);
    try {
      const remote = createRemoteJwks(server.url, {
        fetch: server.server.fetch,
        timeoutMs: 60_000,
      });
      const token = await accessToken('okta', idpKey);
      const subject = await verifyDualSubjectToken(token, options('okta', { keys: remote }));
      expect(subject.agent.id).toBe('0oaAgent');
      server.keys = [idpKey.publicJwk, { ...idpKey.publicJwk }];
      const twice = createRemoteJwks(server.url, { fetch: server.server.fetch, timeoutMs: 60_000 });
      expect(
        (await verifyDualSubjectToken(token, options('okta', { keys: twice }))).human.sub,
      ).toBe('00uUser123');
      const forged = await accessToken('okta', otherKey, { cid: 'evil' });
      server.keys = [idpKey.publicJwk, { ...idpKey.publicJwk }];
      const error = await refusal(verifyDualSubjectToken(forged, options('okta', { keys: twice })));
      expect(error.reason).toBe('bad_signature');
    } finally {
      await server.close();
    }
  });

  it('an iat an hour in the future is refused as the act-JWT verifier does; within the leeway it passes', async () => {
    const future = await accessToken('okta', idpKey, { iat: NOW_S + 3600, exp: NOW_S + 7200 });
    const error = await refusal(verifyDualSubjectToken(future, options('okta')));
    expect(error).toMatchObject({ reason: 'issued_in_future', claim: 'iat' });
    const skewed = await accessToken('okta', idpKey, { iat: NOW_S + 10, nbf: NOW_S });
    expect((await verifyDualSubjectToken(skewed, options('okta'))).agent.id).toBe('0oaAgent');
  });

  it('non-canonical spellings of a valid token are malformed: padding, unused bits set', async () => {
    const token = await accessToken('okta', idpKey);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1) as string);
    // A 2048-bit signature is 342 characters: its last character carries 2 unused bits.
    const unusedBitsSet = `${token.slice(0, -1)}${alphabet[last ^ 1]}`;
    for (const variant of [`${token}=`, `${token}==`, unusedBitsSet]) {
      const error = await refusal(verifyDualSubjectToken(variant, options('okta')));
      expect(error.reason).toBe('malformed');
    }
  });

  it('an unknown critical header gets the reason the act-JWT verifier gives: malformed', async () => {
    const { CompactSign } = await import('jose');
    const claims = {
      ...VENDOR_SETUP.okta.claims(VENDOR_SETUP.okta.agentId),
      iss: VENDOR_SETUP.okta.issuer,
      aud: VENDOR_SETUP.okta.audience,
      iat: NOW_S,
      exp: NOW_S + 60,
    };
    const token = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
      .setProtectedHeader({ alg: 'RS256', kid: 'idp-1', crit: ['x-custom'], 'x-custom': 1 })
      .sign(idpKey.privateKey, { crit: { 'x-custom': true } });
    const error = await refusal(verifyDualSubjectToken(token, options('okta')));
    expect(error).toMatchObject({ reason: 'malformed', claim: 'crit' });
  });

  it('imports a PEM key once, not on every request', async () => {
    const { exportSPKI } = await import('jose');
    const pem = `${await exportSPKI(idpKey.publicKey)}\n\n`;
    const token = await accessToken('okta', idpKey);
    const subtle = crypto.subtle as { importKey: typeof crypto.subtle.importKey };
    const original = subtle.importKey;
    let imports = 0;
    subtle.importKey = ((...args: Parameters<typeof original>) => {
      imports += 1;
      return original.apply(crypto.subtle, args);
    }) as typeof original;
    try {
      for (let i = 0; i < 4; i += 1) {
        await verifyDualSubjectToken(token, options('okta', { keys: pem }));
      }
    } finally {
      subtle.importKey = original;
    }
    expect(imports).toBe(1);
  });
});
