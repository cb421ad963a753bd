import { beforeAll, describe, expect, it } from 'vitest';
import { craftJws, type TestKey, testKey } from '../../test/jws-kit.js';
import { checkJwtClaims } from './jwt-claims.js';
import { type VerifyJwtOptions, verifyJwt } from './verify-jwt.js';

const NOW_S = 1_800_000_000;
// Expired half a day before NOW_S: only a broken rule could accept it.
const LONG_EXPIRED = { aud: 'api', iat: NOW_S - 100_000, exp: NOW_S - 50_000 };

let rsa: TestKey;
beforeAll(async () => {
  rsa = await testKey('RS256');
});

function options(rules: Record<string, unknown>): VerifyJwtOptions {
  return {
    label: 'Access token',
    keys: rsa.publicKey,
    algorithms: ['RS256'],
    audience: 'api',
    nowMs: NOW_S * 1000,
    clockToleranceSeconds: 5,
    maxTokenBytes: 8192,
    ...rules,
  } as VerifyJwtOptions;
}

// `@dual-auth/core/jwt` is public: a JavaScript caller (or a config read as a string) can hand
// verifyJwt anything. Every comparison with NaN is false, so these once accepted LONG_EXPIRED.
const BROKEN_RULES: [string, Record<string, unknown>, RegExp][] = [
  ['no clockToleranceSeconds', { clockToleranceSeconds: undefined }, /clockToleranceSeconds/],
  ['a NaN tolerance', { clockToleranceSeconds: Number.NaN }, /clockToleranceSeconds/],
  [
    'an infinite tolerance',
    { clockToleranceSeconds: Number.POSITIVE_INFINITY },
    /clockToleranceSeconds/,
  ],
  ['a tolerance in milliseconds', { clockToleranceSeconds: 15_000 }, /seconds, not milliseconds/],
  ['a tolerance as a string', { clockToleranceSeconds: '15' }, /clockToleranceSeconds.*got string/],
  ['a negative tolerance', { clockToleranceSeconds: -1 }, /clockToleranceSeconds/],
  ['no nowMs', { nowMs: undefined }, /nowMs/],
  ['a NaN nowMs', { nowMs: Number.NaN }, /nowMs/],
  ['a Date as nowMs', { nowMs: new Date(NOW_S * 1000) }, /nowMs.*got object/],
];

describe('verifyJwt refuses broken claim rules instead of accepting expired tokens', () => {
  it.each(BROKEN_RULES)('%s', async (_name, rules, message) => {
    const token = await craftJws({ alg: 'RS256', typ: 'JWT' }, LONG_EXPIRED, rsa.privateKey);
    const outcome = verifyJwt(token, options(rules));
    await expect(outcome).rejects.toBeInstanceOf(TypeError);
    await expect(outcome).rejects.toThrow(message);
  });

  it('refuses a NaN maxLifetimeSeconds, which would lift the lifetime cap', async () => {
    const yearLong = { aud: 'api', iat: NOW_S, exp: NOW_S + 365 * 86_400 };
    const token = await craftJws({ alg: 'RS256', typ: 'JWT' }, yearLong, rsa.privateKey);
    await expect(verifyJwt(token, options({ maxLifetimeSeconds: Number.NaN }))).rejects.toThrow(
      /maxLifetimeSeconds must be a finite number > 0/,
    );
  });

  it('checkJwtClaims, public on its own, checks its rules the same way', () => {
    const rules = { label: 'Act JWT', audience: 'api', nowMs: NOW_S * 1000 };
    expect(() =>
      checkJwtClaims(LONG_EXPIRED, { ...rules, clockToleranceSeconds: Number.NaN }),
    ).toThrow(TypeError);
    expect(() => checkJwtClaims(LONG_EXPIRED, { ...rules, clockToleranceSeconds: 300 })).toThrow(
      /has expired/,
    );
  });

  it('still takes the bounds themselves: 0 and 300 seconds', async () => {
    const fresh = { aud: 'api', iat: NOW_S, exp: NOW_S + 60 };
    const token = await craftJws({ alg: 'RS256', typ: 'JWT' }, fresh, rsa.privateKey);
    for (const clockToleranceSeconds of [0, 300]) {
      await expect(verifyJwt(token, options({ clockToleranceSeconds }))).resolves.toMatchObject({
        checked: { exp: NOW_S + 60 },
      });
    }
  });
});
