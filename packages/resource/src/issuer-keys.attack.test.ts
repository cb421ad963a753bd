import { generateKeyPairSync } from 'node:crypto';
import { ConfigurationError } from '@dual-auth/core';
import type { VerificationKeys } from '@dual-auth/core/jwt';
import { createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { REALM_A, REALM_B, requestFrom, twoRealmGuard } from '../test/support/two-realms.js';
import type { DualAuthGuardOptions } from './dual-auth-guard.js';
import { humanIn } from './subject-checks.js';

// Attack (Session 12, breaker12): a guard trusting two Keycloak realms (two tenants of one API)
// was given one key set holding both realms' keys, as the only form `keys` took. Whoever holds
// realm A's signing key (its admin, or a rogue IdP trusted as realm A) signs a token claiming
// realm B's issuer, agent and users: realm A's key verified it, and `iss` named realm B.
let keyA: SigningKey;
let keyB: SigningKey;
beforeAll(async () => {
  [keyA, keyB] = await Promise.all([createSigningKey('realm-a'), createSigningKey('realm-b')]);
});

const guardWith = (keys: NonNullable<DualAuthGuardOptions['keys']>) =>
  twoRealmGuard(keys, humanIn(['user-123'], { issuer: [REALM_A, REALM_B] }));

const check = async (guard: ReturnType<typeof guardWith>, issuer: string, key: SigningKey) =>
  guard.checkRequest(await requestFrom(issuer, key));

describe('a guard trusting two issuers with each its own keys (a Map by iss)', () => {
  it('admits each realm’s own tokens', async () => {
    const guard = guardWith(
      new Map([
        [REALM_A, createLocalJWKSet({ keys: [keyA.publicJwk] })],
        [REALM_B, createLocalJWKSet({ keys: [keyB.publicJwk] })],
      ]),
    );
    expect((await check(guard, REALM_A, keyA)).decision).toBe('ALLOW');
    expect((await check(guard, REALM_B, keyB)).decision).toBe('ALLOW');
  });

  it('refuses a token claiming realm B signed with realm A’s key', async () => {
    const guard = guardWith(
      new Map([
        [REALM_A, keyA.publicJwk],
        [REALM_B, keyB.publicJwk],
      ]),
    );
    const forged = await check(guard, REALM_B, keyA);
    expect(forged).toMatchObject({ decision: 'DENY', status: 401 });
    expect(forged.audit.reason).toMatch(/^access_token\.(bad_signature|unknown_key)$/);
  });

  it('refuses an issuer without keys, and a Map naming an issuer the guard does not trust', async () => {
    const guard = guardWith(new Map([[REALM_A, keyA.publicJwk]]));
    expect((await check(guard, REALM_B, keyB)).audit.reason).toBe('access_token.unknown_key');
    expect(() => guardWith(new Map([['https://other.example.test', keyA.publicJwk]]))).toThrow(
      new TypeError('options.keys must map issuers named in options.issuer to their keys'),
    );
  });

  // Attack (Session 12, brk24): PEM text given directly is checked at creation, but one issuer's
  // PEM in the Map was not: a key Web Crypto cannot import came to light as every token of that
  // issuer refused, in production, instead of at start.
  it('refuses at creation a PEM in the Map that Web Crypto cannot import, naming its issuer', () => {
    const pss = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const pem = pss.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() =>
      guardWith(
        new Map<string, VerificationKeys>([
          [REALM_A, keyA.publicJwk],
          [REALM_B, pem],
        ]),
      ),
    ).toThrow(
      new ConfigurationError({
        message: `options.keys.get(${JSON.stringify(REALM_B)}) holds an RSA-PSS (id-RSASSA-PSS) key; give an rsaEncryption key — PS256 signs and verifies with it (RFC 7518 §3.5)`,
      }),
    );
  });
});
