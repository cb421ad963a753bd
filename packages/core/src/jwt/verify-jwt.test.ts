import { inspect } from 'node:util';
import { base64url, createLocalJWKSet, exportSPKI, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { b64, craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { reasonOf } from '../../test/reason-of.js';
import { BodyTooLargeError } from '../adapter-kit/read-bounded-body.js';
import { ActVerificationError } from '../errors/act-verification-error.js';
import {
  nodeCryptoSignatureVerifier,
  nodeCryptoThreadPoolSignatureVerifier,
  type SignatureVerifier,
  webCryptoSignatureVerifier,
} from './signature-verifier.js';
import type { VerificationKeys } from './verification-keys.js';
import { type VerifyJwtOptions, verifyJwt } from './verify-jwt.js';

const NOW_S = 1_800_000_000;
const ISS = 'https://idp.example.test/';
const AUD = 'finance-api';

let rsa: TestKey;
let otherRsa: TestKey;
let ec: TestKey;
let ed: TestKey;
let pss: TestKey;
let rsaPem: string;

beforeAll(async () => {
  [rsa, otherRsa, ec, ed, pss] = await Promise.all([
    testKey('RS256'),
    testKey('RS256', 'RS256-1'),
    testKey('ES256'),
    testKey('EdDSA'),
    testKey('PS256'),
  ]);
  rsaPem = await exportSPKI(rsa.publicKey);
});

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    iss: ISS,
    aud: AUD,
    iat: NOW_S,
    exp: NOW_S + 300,
    jti: 'jti-1',
    act: { sub: 'u-1', email: 'alice@example.com' },
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete base[key];
    else base[key] = value;
  }
  return base;
}

/** The options of an RS256 access token of {@link rsa}, valid at NOW_S. */
function baseOptions(extra: Partial<VerifyJwtOptions> = {}): VerifyJwtOptions {
  return {
    label: 'Access token',
    keys: rsa.publicKey,
    algorithms: ['RS256'],
    issuer: ISS,
    audience: AUD,
    nowMs: NOW_S * 1000,
    clockToleranceSeconds: 5,
    maxTokenBytes: 8192,
    ...extra,
  };
}

const node = nodeCryptoSignatureVerifier();
const threadPool = nodeCryptoThreadPoolSignatureVerifier();
// Every path applies every rule: Web Crypto everywhere, node:crypto (inline or on the thread pool)
// where the runtime has it.
const VERIFIERS: [string, SignatureVerifier][] = [
  ['web crypto', webCryptoSignatureVerifier],
  ...(node === undefined ? [] : ([['node crypto', node]] as [string, SignatureVerifier][])),
  ...(threadPool === undefined
    ? []
    : ([['node crypto thread pool', threadPool]] as [string, SignatureVerifier][])),
];

describe.each(VERIFIERS)('verifyJwt with %s', (_name, signatureVerifier) => {
  const options = (extra: Partial<VerifyJwtOptions> = {}) =>
    baseOptions({ signatureVerifier, ...extra });
  const rs256 = (payload: Record<string, unknown> = claims(), header: object = {}) =>
    craftJws({ alg: 'RS256', typ: 'JWT', ...header }, payload, rsa.privateKey);

  it.each([
    ['RS256', () => rsa],
    ['PS256', () => pss],
    ['ES256', () => ec],
    ['EdDSA', () => ed],
  ] as const)('accepts %s with its own key, given as CryptoKey, JWK or PEM', async (alg, key) => {
    const { privateKey, publicKey, publicJwk } = key();
    const token = await craftJws({ alg, typ: 'JWT' }, claims(), privateKey);
    const pem = await exportSPKI(publicKey);
    for (const keys of [publicKey, publicJwk, pem] as VerificationKeys[]) {
      const verified = await verifyJwt(token, options({ keys, algorithms: [alg] }));
      expect(verified.claims.act).toEqual({ sub: 'u-1', email: 'alice@example.com' });
      expect(verified.checked).toEqual({ exp: NOW_S + 300, iat: NOW_S, jti: undefined });
    }
  });

  const refusals: [string, () => Promise<string>, Partial<VerifyJwtOptions>, string][] = [
    ['alg none', () => craftJws({ alg: 'none' }, claims()), {}, 'unsupported_algorithm'],
    [
      'HS256 keyed with the public key PEM (algorithm confusion)',
      async () => craftJws({ alg: 'HS256' }, claims(), new TextEncoder().encode(rsaPem)),
      { keys: '' },
      'unsupported_algorithm',
    ],
    [
      'an algorithm outside the allow-list',
      () => craftJws({ alg: 'PS256' }, claims(), pss.privateKey),
      {},
      'unsupported_algorithm',
    ],
    [
      'an allowed algorithm the key cannot verify (RS256 key, ES256 token)',
      () => craftJws({ alg: 'ES256' }, claims(), ec.privateKey),
      { algorithms: ['RS256', 'ES256'] },
      'unknown_key',
    ],
    [
      'a signature by another key',
      () => craftJws({ alg: 'RS256' }, claims(), otherRsa.privateKey),
      {},
      'bad_signature',
    ],
    [
      'a tampered payload',
      async () => {
        const [h, , s] = (await rs256()).split('.');
        return `${h}.${b64(JSON.stringify(claims({ act: { sub: 'admin' } })))}.${s}`;
      },
      {},
      'bad_signature',
    ],
    [
      'an unknown critical header',
      () => rs256(claims(), { crit: ['x-custom'], 'x-custom': 1 }),
      {},
      'malformed',
    ],
    ['padding after the signature', async () => `${await rs256()}==`, {}, 'malformed'],
    [
      'a last signature character changed in bits that carry no data',
      async () => {
        const token = await rs256();
        // 256 signature bytes → 342 characters, the last one carrying 4 bits and 2 unused.
        const last = token.at(-1) as string;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        return token.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      },
      {},
      'malformed',
    ],
    ['expired', () => rs256(claims({ iat: NOW_S - 400, exp: NOW_S - 10 })), {}, 'expired'],
    ['nbf in the future', () => rs256(claims({ nbf: NOW_S + 60 })), {}, 'not_yet_valid'],
    [
      'iat in the future beyond the leeway',
      () => rs256(claims({ iat: NOW_S + 3600, exp: NOW_S + 7200 })),
      {},
      'issued_in_future',
    ],
    ['a wrong issuer', () => rs256(claims({ iss: 'https://evil.test/' })), {}, 'wrong_issuer'],
    ['no issuer', () => rs256(claims({ iss: undefined })), {}, 'missing_claim'],
    ['a wrong audience', () => rs256(claims({ aud: ['other'] })), {}, 'wrong_audience'],
    ['no exp', () => rs256(claims({ exp: undefined })), {}, 'missing_claim'],
    ['no iat', () => rs256(claims({ iat: undefined })), {}, 'missing_claim'],
    [
      'an exp of 1e999 (Infinity once parsed)',
      async () => {
        const payload = JSON.stringify(claims()).replace(`"exp":${NOW_S + 300}`, '"exp":1e999');
        return craftJws({ alg: 'RS256' }, payload, rsa.privateKey);
      },
      {},
      'malformed',
    ],
    [
      'a lifetime over the cap',
      () => rs256(claims({ exp: NOW_S + 3600 })),
      { maxLifetimeSeconds: 300 },
      'ttl_too_long',
    ],
    [
      'no jti when one is required',
      () => rs256(claims({ jti: undefined })),
      { requireJti: true },
      'missing_jti',
    ],
    ['an unexpected typ', () => rs256(claims(), { typ: 'JWT' }), { typ: 'at+jwt' }, 'malformed'],
    [
      'a payload that is a JSON array',
      () => craftJws({ alg: 'RS256' }, '[1]', rsa.privateKey),
      {},
      'malformed',
    ],
    ['two segments', async () => 'eyJhbGciOiJSUzI1NiJ9.e30', {}, 'malformed'],
    ['an oversized token', () => rs256(claims({ pad: 'x'.repeat(9000) })), {}, 'too_large'],
  ];

  it.each(refusals)('refuses %s', async (_case, make, extra, reason) => {
    const token = await make();
    const opts = options(extra);
    if (extra.keys === '') Object.assign(opts, { keys: rsaPem, algorithms: ['RS256'] });
    const error = await verifyJwt(token, opts).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error)).toBe(true);
    expect((error as ActVerificationError).reason).toBe(reason);
    for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 5 })]) {
      for (const part of token.split('.').filter((p) => p.length > 8)) {
        expect(text).not.toContain(part);
      }
      expect(text).not.toContain('alice@');
    }
  });

  it('accepts a typ that matches, with or without the application/ prefix', async () => {
    const token = await rs256(claims(), { typ: 'at+jwt' });
    for (const typ of ['at+jwt', 'application/at+jwt']) {
      expect(await reasonOf(verifyJwt(token, options({ typ })))).toBe('accepted');
    }
  });

  it('clock tolerance applies to exp, nbf and iat alike', async () => {
    const token = await rs256(claims({ iat: NOW_S + 4, nbf: NOW_S + 4, exp: NOW_S - 4 + 300 }));
    expect(await reasonOf(verifyJwt(token, options()))).toBe('accepted');
    expect(await reasonOf(verifyJwt(token, options({ clockToleranceSeconds: 3 })))).toBe(
      'not_yet_valid',
    );
  });
});

describe('verifyJwt with a JWKS', () => {
  const options = (keys: VerificationKeys) => baseOptions({ label: 'Act JWT', keys });
  const jwks = (keys: JWK[]) => createLocalJWKSet({ keys });

  it('tries every key under one kid, and the same key listed twice', async () => {
    const token = await craftJws({ alg: 'RS256', kid: 'RS256-1' }, claims(), rsa.privateKey);
    const wrongFirst = jwks([otherRsa.publicJwk, rsa.publicJwk]);
    expect(await reasonOf(verifyJwt(token, options(wrongFirst)))).toBe('accepted');
    const twice = jwks([rsa.publicJwk, { ...rsa.publicJwk }]);
    expect(await reasonOf(verifyJwt(token, options(twice)))).toBe('accepted');
    const noneFits = jwks([otherRsa.publicJwk, { ...otherRsa.publicJwk }]);
    expect(await reasonOf(verifyJwt(token, options(noneFits)))).toBe('bad_signature');
  });

  it('a token without kid verifies against a lone key or the two keys of a rotation', async () => {
    const token = await craftJws({ alg: 'RS256' }, claims(), rsa.privateKey);
    expect(await reasonOf(verifyJwt(token, options(jwks([rsa.publicJwk]))))).toBe('accepted');
    const rotation = jwks([otherRsa.publicJwk, rsa.publicJwk]);
    expect(await reasonOf(verifyJwt(token, options(rotation)))).toBe('accepted');
  });

  it('a token without kid against three keys fitting its algorithm → unknown_key, naming kid', async () => {
    const token = await craftJws({ alg: 'RS256' }, claims(), rsa.privateKey);
    const three = jwks([
      otherRsa.publicJwk,
      { ...otherRsa.publicJwk, kid: 'other-2' },
      rsa.publicJwk,
    ]);
    const error = await verifyJwt(token, options(three)).catch((e: unknown) => e);
    expect(ActVerificationError.isInstance(error) && error.reason).toBe('unknown_key');
    expect(String((error as Error).message)).toMatch(/"kid" in the token header/);
    // An EC key does not fit RS256: two RSA keys and one EC key are still a rotation's two.
    const mixed = jwks([otherRsa.publicJwk, rsa.publicJwk, ec.publicJwk]);
    expect(await reasonOf(verifyJwt(token, options(mixed)))).toBe('accepted');
  });

  it('a kid the JWKS does not have → unknown_key', async () => {
    const token = await craftJws({ alg: 'RS256', kid: 'nope' }, claims(), rsa.privateKey);
    expect(await reasonOf(verifyJwt(token, options(jwks([rsa.publicJwk]))))).toBe('unknown_key');
  });

  it('an RSA key under 2048 bits is not used → unknown_key', async () => {
    const weak = (await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 1024,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-256',
      },
      true,
      ['sign', 'verify'],
    )) as CryptoKeyPair;
    const token = await craftJws({ alg: 'RS256' }, claims(), weak.privateKey);
    expect(await reasonOf(verifyJwt(token, options(weak.publicKey)))).toBe('unknown_key');
  });

  it('an outage of the keys is key_unavailable with its cause; a refused token keeps none', async () => {
    const token = await craftJws({ alg: 'RS256' }, claims(), rsa.privateKey);
    const tooLarge = async () => {
      throw new BodyTooLargeError('JWKS', 65_536);
    };
    const error = (await verifyJwt(token, options(tooLarge)).catch(
      (e) => e,
    )) as ActVerificationError;
    expect(error).toMatchObject({ reason: 'key_unavailable' });
    expect(error.message).toBe('Act JWT could not be checked: the JWKS is larger than 65536 bytes');
    expect(error.cause).toBeInstanceOf(BodyTooLargeError);
    const forged = await craftJws({ alg: 'RS256' }, claims(), otherRsa.privateKey);
    const refused = (await verifyJwt(forged, options(rsa.publicKey)).catch((e) => e)) as Error;
    expect(refused.cause).toBeUndefined();
  });
});

describe('verifyJwt under concurrency', () => {
  // One verification alone is synchronous; with others under way, each goes to the thread pool.
  it.each([
    ['RS256', () => rsa],
    ['ES256', () => ec],
    ['EdDSA', () => ed],
  ] as const)('64 %s verifications in flight each get their own answer', async (alg, key) => {
    const signer = key();
    const good = await craftJws({ alg }, claims(), signer.privateKey);
    const forged = await craftJws({ alg }, claims(), (await testKey(alg)).privateKey);
    const tokens = Array.from({ length: 64 }, (_, index) => (index % 3 === 0 ? forged : good));
    const outcomes = await Promise.all(
      tokens.map((token) =>
        reasonOf(verifyJwt(token, baseOptions({ keys: signer.publicKey, algorithms: [alg] }))),
      ),
    );
    expect(outcomes).toEqual(
      tokens.map((token) => (token === forged ? 'bad_signature' : 'accepted')),
    );
  });
});

describe('verifyJwt keys', () => {
  it('imports PEM text once, however many tokens it verifies', async () => {
    const token = await craftJws({ alg: 'RS256' }, claims(), rsa.privateKey);
    const imports = { count: 0 };
    const original = crypto.subtle.importKey.bind(crypto.subtle);
    const counting = ((...args: Parameters<typeof crypto.subtle.importKey>) => {
      imports.count += 1;
      return original(...args);
    }) as typeof crypto.subtle.importKey;
    const subtle = crypto.subtle as { importKey: typeof crypto.subtle.importKey };
    subtle.importKey = counting;
    try {
      const pem = `${rsaPem}\n`;
      for (let i = 0; i < 3; i += 1) {
        await verifyJwt(token, baseOptions({ keys: pem }));
      }
    } finally {
      subtle.importKey = original;
    }
    expect(imports.count).toBe(1);
  });

  it('a signature that decodes to the wrong size is bad_signature, not a crash', async () => {
    const token = await craftJws({ alg: 'ES256' }, claims(), ec.privateKey);
    const [h, p] = token.split('.');
    const short = `${h}.${p}.${base64url.encode(new Uint8Array(63))}`;
    for (const [, signatureVerifier] of VERIFIERS) {
      const error = await verifyJwt(
        short,
        baseOptions({ keys: ec.publicKey, algorithms: ['ES256'], signatureVerifier }),
      ).catch((e: ActVerificationError) => e.reason);
      expect(error).toBe('bad_signature');
    }
  });
});
