import { CompactSign, type JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DPOP_HTU,
  dpopGuardInput,
  type ProofKey,
  proofFor,
  proofKey,
} from '../test/support/dpop-proof-kit.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW, type SigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import type { GuardDecision } from './guard-decision.js';

// RFC 9449 §8, §9: a guard with `dpop.nonce` requires a nonce it issued in every proof, answers
// `use_dpop_nonce` with a fresh `DPoP-Nonce`, and sends the new nonce with an admission once the
// nonce rotated.

const SECRET = crypto.getRandomValues(new Uint8Array(32));

const input = (token: string, proof: string, authorization = `DPoP ${token}`) =>
  dpopGuardInput(DPOP_HTU, token, proof, { authorization });

function expectNonceAsked(decision: GuardDecision, reason: string): string {
  expect(decision).toMatchObject({
    decision: 'DENY',
    status: 401,
    body: { error: 'use_dpop_nonce' },
    audit: { reason, failed_side: 'credentials' },
  });
  if (decision.decision !== 'DENY') throw new Error('admitted');
  expect(decision.headers['www-authenticate']).toMatch(
    /^DPoP error="use_dpop_nonce", error_description="DPoP proof [^"]*'nonce'[^"]*DPoP-Nonce", algs="ES256 /,
  );
  const nonce = decision.headers['dpop-nonce'] as string;
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{55}$/);
  return nonce;
}

describe('a guard with dpop.nonce (RFC 9449 §9)', () => {
  let idpKey: SigningKey;
  let key: ProofKey;
  let other: ProofKey;
  let token: string;
  beforeAll(async () => {
    idpKey = await createSigningKey('idp-1');
    [key, other] = await Promise.all([proofKey(), proofKey()]);
    token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });
  });

  const clockAt = (ms: number) => {
    const clock = { ms, now: () => clock.ms };
    return clock;
  };
  const guardAt = (clock: { now(): number }, secret = SECRET) =>
    createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicJwk),
      clock,
      dpop: { nonce: { secret, maxAgeSeconds: 300 } },
    });
  // Issued at `nowMs`, `key`'s JWK in its header, signed by `signer`.
  const proof = (nowMs: number, claims: JWTPayload = {}, signer = key) =>
    proofFor(signer, token, { iat: Math.floor(nowMs / 1000), ...claims }, { jwk: key.jwk });

  it('asks a proof without a nonce for one, then admits the proof that carries it', async () => {
    const clock = clockAt(NOW);
    const guard = guardAt(clock);
    const nonce = expectNonceAsked(
      await guard.check(input(token, await proof(NOW))),
      'dpop_proof.missing_claim',
    );
    const admitted = await guard.check(input(token, await proof(NOW, { nonce })));
    expect(admitted.decision).toBe('ALLOW');
    expect(admitted.decision === 'ALLOW' && admitted.headers).toBeUndefined();
  });

  it('admits a nonce of the last step with the new one, and asks again once it is too old', async () => {
    const clock = clockAt(NOW);
    const guard = guardAt(clock);
    const first = expectNonceAsked(
      await guard.check(input(token, await proof(NOW))),
      'dpop_proof.missing_claim',
    );
    clock.ms = NOW + 150_000;
    const rotated = await guard.check(input(token, await proof(clock.ms, { nonce: first })));
    expect(rotated.decision).toBe('ALLOW');
    const next = rotated.decision === 'ALLOW' ? rotated.headers?.['dpop-nonce'] : undefined;
    expect(next).toMatch(/^[A-Za-z0-9_-]{55}$/);
    expect(next).not.toBe(first);
    // 300 s plus the default clockToleranceSeconds (15) after it was issued, and one past that.
    clock.ms = NOW + 315_000;
    expect(
      (await guard.check(input(token, await proof(clock.ms, { nonce: first })))).decision,
    ).toBe('ALLOW');
    clock.ms = NOW + 316_000;
    const stale = await guard.check(input(token, await proof(clock.ms, { nonce: first })));
    expect(expectNonceAsked(stale, 'dpop_proof.expired')).not.toBe(first);
  });

  it("accepts another instance's nonce when it shares the secret, asks again when it does not", async () => {
    const clock = clockAt(NOW);
    const nonce = expectNonceAsked(
      await guardAt(clock).check(input(token, await proof(NOW))),
      'dpop_proof.missing_claim',
    );
    const twin = await guardAt(clock, new Uint8Array(SECRET)).check(
      input(token, await proof(NOW, { nonce })),
    );
    expect(twin.decision).toBe('ALLOW');
    const stranger = await guardAt(clock, crypto.getRandomValues(new Uint8Array(32))).check(
      input(token, await proof(NOW, { nonce })),
    );
    expect(expectNonceAsked(stranger, 'dpop_proof.malformed')).not.toBe(nonce);
  });

  // The nonce comes before the key import and the signature: a caller without one costs an HMAC.
  it('asks for a nonce before it verifies the signature, and verifies it once the nonce is good', async () => {
    const clock = clockAt(NOW);
    const guard = guardAt(clock);
    const forged = await proof(NOW, {}, other);
    const nonce = expectNonceAsked(
      await guard.check(input(token, forged)),
      'dpop_proof.missing_claim',
    );
    const refused = await guard.check(input(token, await proof(NOW, { nonce }, other)));
    expect(refused).toMatchObject({
      status: 401,
      body: { error: 'invalid_dpop_proof' },
      audit: { reason: 'dpop_proof.bad_signature' },
    });
    // A proof refused for something else still gets the nonce to use next.
    expect(refused.decision === 'DENY' && refused.headers['dpop-nonce']).toBe(nonce);
  });

  // A payload that is not a JSON object has no nonce to check: it must not reach the key import
  // and the signature either, or skipping the nonce is how a caller gets the asymmetric work.
  it('refuses a proof whose payload is not a JSON object before it verifies the signature', async () => {
    const guard = guardAt(clockAt(NOW));
    for (const payload of ['[]', '"nonce"', '1', 'null', 'not json']) {
      const forged = await new CompactSign(new TextEncoder().encode(payload))
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk })
        .sign(other.privateKey);
      const refused = await guard.check(input(token, forged));
      expect(refused).toMatchObject({
        decision: 'DENY',
        status: 401,
        body: { error: 'invalid_dpop_proof' },
        audit: { reason: 'dpop_proof.malformed' },
      });
      expect(refused.decision === 'DENY' && refused.headers['dpop-nonce']).toMatch(
        /^[A-Za-z0-9_-]{55}$/,
      );
    }
  });

  // RFC 9449 §4.3 point 11, §11.1: with nonces, the proof's creation time is the nonce's, which
  // the guard made: a client whose clock is an hour off is admitted while its nonce is good.
  it('admits a proof whose iat is far off while its nonce is good, once, then asks again', async () => {
    const clock = clockAt(NOW);
    const guard = guardAt(clock);
    const nonce = expectNonceAsked(
      await guard.check(input(token, await proof(NOW))),
      'dpop_proof.missing_claim',
    );
    const behind = await proof(NOW - 3_600_000, { nonce });
    const ahead = await proof(NOW + 3_600_000, { nonce });
    expect((await guard.check(input(token, behind))).decision).toBe('ALLOW');
    clock.ms = NOW + 315_000;
    expect((await guard.check(input(token, ahead))).decision).toBe('ALLOW');
    // Its jti is remembered as long as its nonce is good, not as long as its iat would be.
    expect(await guard.check(input(token, behind))).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'dpop_proof.replayed' },
    });
    clock.ms = NOW + 316_000;
    const late = await guard.check(input(token, await proof(NOW - 3_600_000, { nonce })));
    expectNonceAsked(late, 'dpop_proof.expired');
  });

  it("still needs iat for a proof (RFC 9449 §4.2), and with creationTimeFrom 'iat' checks its window", async () => {
    const clock = clockAt(NOW);
    const nonce = expectNonceAsked(
      await guardAt(clock).check(input(token, await proof(NOW))),
      'dpop_proof.missing_claim',
    );
    const noIat = await proofFor(key, token, { iat: undefined, nonce }, { jwk: key.jwk });
    expect(await guardAt(clock).check(input(token, noIat))).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'dpop_proof.missing_claim' },
    });
    const strict = createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicJwk),
      clock,
      dpop: { nonce: { secret: SECRET, creationTimeFrom: 'iat' } },
    });
    expect((await strict.check(input(token, await proof(NOW, { nonce })))).decision).toBe('ALLOW');
    for (const [offset, reason] of [
      [-3_600_000, 'dpop_proof.expired'],
      [3_600_000, 'dpop_proof.issued_in_future'],
    ] as const) {
      expect(await strict.check(input(token, await proof(NOW + offset, { nonce })))).toMatchObject({
        decision: 'DENY',
        body: { error: 'invalid_dpop_proof' },
        audit: { reason },
      });
    }
    expect(() =>
      createDualAuthGuard({
        ...keycloakGuardOptions(idpKey.publicJwk),
        dpop: { nonce: { secret: SECRET, creationTimeFrom: 'client' as never } },
      }),
    ).toThrow(/options\.dpop\.nonce\.creationTimeFrom must be 'nonce' \(default\) or 'iat'/);
  });

  it('admits a nonce of a previous secret after a rotation, sending one of the new secret', async () => {
    const clock = clockAt(NOW);
    const old = expectNonceAsked(
      await guardAt(clock).check(input(token, await proof(NOW))),
      'dpop_proof.missing_claim',
    );
    const next = crypto.getRandomValues(new Uint8Array(32));
    const rotated = createDualAuthGuard({
      ...keycloakGuardOptions(idpKey.publicJwk),
      clock,
      dpop: { nonce: { secret: next, previousSecrets: [SECRET] } },
    });
    const admitted = await rotated.check(input(token, await proof(NOW, { nonce: old })));
    expect(admitted.decision).toBe('ALLOW');
    const fresh = admitted.decision === 'ALLOW' ? admitted.headers?.['dpop-nonce'] : undefined;
    expect(fresh).toMatch(/^[A-Za-z0-9_-]{55}$/);
    expect(fresh).not.toBe(old);
    expect(
      (await guardAt(clock, next).check(input(token, await proof(NOW, { nonce: fresh })))).decision,
    ).toBe('ALLOW');
  });

  it('answers a Bearer request as before: no nonce asked, none sent', async () => {
    const guard = guardAt(clockAt(NOW));
    const bearer = await accessToken('keycloak', idpKey);
    const decision = await guard.check(input(bearer, '', `Bearer ${bearer}`));
    expect(decision.decision).toBe('ALLOW');
    expect(decision.decision === 'ALLOW' && decision.headers).toBeUndefined();
  });

  it('refuses an unknown member of dpop.nonce at creation, naming the closest', () => {
    expect(() =>
      createDualAuthGuard({
        ...keycloakGuardOptions(idpKey.publicJwk),
        dpop: { nonce: { secret: SECRET, maxAgeSecond: 60 } as never },
      }),
    ).toThrow(/maxAgeSecond.*maxAgeSeconds/);
  });
});
