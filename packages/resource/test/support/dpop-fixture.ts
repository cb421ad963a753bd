// The fixture the guard's DPoP tests share: the Keycloak test IdP's key, a client's DPoP key and
// an access token bound to it (RFC 9449 §6.1), and the names those tests use with them.
import { expect } from 'vitest';
import type { DualAuthGuard } from '../../src/dual-auth-guard.js';
import type { GuardInput } from '../../src/guard-decision.js';
import { DPOP_HTU, dpopGuardInput, type ProofKey, proofFor, proofKey } from './dpop-proof-kit.js';
import { accessToken, createSigningKey, type SigningKey } from './token-kit.js';

// What the DPoP tests use beside the fixture, so that one import brings it all.
export * from './dpop-proof-kit.js';
export * from './token-kit.js';

/** What {@link dpopFixture} makes. */
export interface DpopFixture {
  /** The IdP's signing key (`kid` `idp-1`). */
  readonly idpKey: SigningKey;
  /** The client's DPoP key. */
  readonly key: ProofKey;
  /** A Keycloak access token of `idpKey` bound to `key` (`cnf.jkt`). */
  readonly token: string;
  /** A new proof by `key` for `token` ({@link proofFor}). */
  proof(claims?: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  /** The guard input of a GET of {@link DPOP_HTU} with `token` and `proof`. */
  input(proof: string | undefined): GuardInput;
}

/**
 * A new {@link DpopFixture}; `wanted` picks the DPoP key (new ones are made until it holds), e.g.
 * a thumbprint with `-` or `_`.
 */
export async function dpopFixture(
  wanted: (key: ProofKey) => boolean = () => true,
): Promise<DpopFixture> {
  const idpKey = await createSigningKey('idp-1');
  let key = await proofKey();
  while (!wanted(key)) key = await proofKey();
  const token = await accessToken('keycloak', idpKey, { cnf: { jkt: key.jkt } });
  return {
    idpKey,
    key,
    token,
    proof: (claims, header) => proofFor(key, token, claims, header),
    input: (proof) => dpopGuardInput(DPOP_HTU, token, proof),
  };
}

/** The `DPoP-Nonce` a guard with `dpop.nonce` answers a proof of `fixture` without one with. */
export async function nonceFrom(guard: DualAuthGuard, fixture: DpopFixture): Promise<string> {
  const asked = await guard.check(fixture.input(await fixture.proof()));
  const nonce = asked.decision === 'DENY' ? asked.headers['dpop-nonce'] : undefined;
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{55}$/);
  return nonce as string;
}
