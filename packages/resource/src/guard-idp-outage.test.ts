import type { DualAuthAuditEvent } from '@dual-auth/core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  accessToken,
  createSigningKey,
  type JwksServer,
  NOW,
  type SigningKey,
  startJwksServer,
} from '../test/support/token-kit.js';
import { recordingLogger, scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';

// Journey 11: an IdP outage longer than the JWKS max age was a 503 for every valid token. The
// guard's `jwksUri` keys now outlive a refresh that cannot reach the IdP, for a bound it exposes.

let idpKey: SigningKey;
const servers: JwksServer[] = [];

beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function outage(extra: Partial<DualAuthGuardOptions> = {}) {
  const jwks = await startJwksServer([idpKey.publicJwk]);
  servers.push(jwks);
  const time = { now: NOW };
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: (e) => audits.push(e) }),
    clock: { now: () => time.now },
    logger,
    ...extra,
  });
  const token = await accessToken('okta', idpKey);
  const check = () =>
    guard.checkRequest(
      new Request('https://api.example.test/accounts', {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
  expect((await check()).decision).toBe('ALLOW');
  jwks.down = true;
  return { time, check, audits, logger, jwks };
}

describe('guard with jwksUri: the IdP is down', () => {
  it('admits valid tokens past the max age with the keys it holds, and logs the failed refresh', async () => {
    const { time, check, logger, jwks } = await outage();
    time.now += 600_000 + 30 * 60_000;
    expect((await check()).decision).toBe('ALLOW');
    expect((await check()).decision).toBe('ALLOW');
    expect(jwks.hits).toBe(2);
    const warned = logger.events.filter((e) => e.event === 'jwks_refresh_failed');
    expect(warned).toEqual([
      {
        level: 'warn',
        event: 'jwks_refresh_failed',
        fields: {
          jwks_host: new URL(jwks.url).host,
          unreachable: true,
          status: 503,
          serving_last_known_good: true,
        },
      },
    ]);
  });

  it('jwksCacheMaxAgeMs and jwksStaleIfErrorMs bound it: past them, 503 key_unavailable', async () => {
    const { time, check, audits } = await outage({
      jwksCacheMaxAgeMs: 60_000,
      jwksStaleIfErrorMs: 120_000,
    });
    time.now += 60_000 + 120_000 - 1;
    expect((await check()).decision).toBe('ALLOW');
    time.now += 30_000;
    expect(await check()).toMatchObject({ decision: 'DENY', status: 503 });
    expect(audits.at(-1)?.reason).toBe('access_token.key_unavailable');
  });

  it('jwksStaleIfErrorMs: 0 refuses at the max age, as before', async () => {
    const { time, check } = await outage({ jwksStaleIfErrorMs: 0 });
    time.now += 600_000;
    expect(await check()).toMatchObject({ decision: 'DENY', status: 503 });
  });

  // Review brk25: with a max age shorter than the default cooldown (30 s) and no stale-if-error,
  // one failed refresh left the guard refusing every token for the rest of the 30 s.
  it('a max age shorter than the default cooldown asks the IdP again within it', async () => {
    const { time, check, jwks } = await outage({
      jwksCacheMaxAgeMs: 10_000,
      jwksStaleIfErrorMs: 0,
    });
    time.now += 10_000;
    expect(await check()).toMatchObject({ decision: 'DENY', status: 503 });
    jwks.down = false;
    time.now += 10_000;
    expect((await check()).decision).toBe('ALLOW');
  });

  it('jwksCooldownMs sets how often the IdP is asked again meanwhile', async () => {
    const { time, check, jwks } = await outage({ jwksCooldownMs: 5_000 });
    time.now += 600_000;
    expect((await check()).decision).toBe('ALLOW');
    expect(jwks.hits).toBe(2);
    // The default 30 s would ask again only at +30 s; this retry goes in the background.
    time.now += 5_000;
    expect((await check()).decision).toBe('ALLOW');
    await vi.waitFor(() => expect(jwks.hits).toBe(3), { timeout: 20_000 });
  });

  it('the JWKS settings apply to jwksUri only, in whole milliseconds', async () => {
    const jwks = await startJwksServer([idpKey.publicJwk]);
    servers.push(jwks);
    const base = scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: () => {} });
    const { jwksUri: _, ...withoutUri } = base;
    expect(() =>
      createDualAuthGuard({ ...withoutUri, keys: idpKey.publicJwk, jwksStaleIfErrorMs: 0 }),
    ).toThrow('options.jwksStaleIfErrorMs applies to options.jwksUri');
    expect(() =>
      createDualAuthGuard({ ...withoutUri, keys: idpKey.publicJwk, jwksCooldownMs: 5_000 }),
    ).toThrow('options.jwksCooldownMs applies to options.jwksUri');
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 1.5 })).toThrow(/jwksCooldownMs/);
    expect(() => createDualAuthGuard({ ...base, jwksCacheMaxAgeMs: 1.5 })).toThrow(
      /jwksCacheMaxAgeMs/,
    );
  });

  // Review of session 12: 0 let 50 tokens with made-up kids cause 51 downloads; 2^31-1 left the
  // guard refusing every token for days after a 1 s outage at a routine refresh.
  it('refuses a jwksCooldownMs below 1 s or past jwksCacheMaxAgeMs + jwksStaleIfErrorMs', async () => {
    const jwks = await startJwksServer([idpKey.publicJwk]);
    servers.push(jwks);
    const base = scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: () => {} });
    const range = 'options.jwksCooldownMs must be from 1000 to 4200000 ms';
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 0 })).toThrow(range);
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 999 })).toThrow(range);
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 2_147_483_647 })).toThrow(range);
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 4_200_001 })).toThrow(
      /pass e\.g\. 30_000/,
    );
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 1_000 })).not.toThrow();
    expect(() => createDualAuthGuard({ ...base, jwksCooldownMs: 4_200_000 })).not.toThrow();
    const short = { ...base, jwksCacheMaxAgeMs: 60_000, jwksStaleIfErrorMs: 0 };
    expect(() => createDualAuthGuard({ ...short, jwksCooldownMs: 60_000 })).not.toThrow();
    expect(() => createDualAuthGuard({ ...short, jwksCooldownMs: 60_001 })).toThrow(
      'options.jwksCooldownMs must be from 1000 to 60000 ms',
    );
  });
});
