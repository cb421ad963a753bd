import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { createAdapter, type DualSubjectToken, type IamAdapter } from '@dual-auth/core';
import { createDpopProver } from '@dual-auth/core/dpop';
import { introspectToken, type LocalIdp } from '@dual-auth/testing';
import { expect } from 'vitest';
import type { EndedDelegation } from '../src/end-delegation.js';

/** A second agent application of the local IdP, with the finance agent's rights. */
export const PAYROLL_AGENT = 'payroll-agent';

/** Registers {@link PAYROLL_AGENT} at `idp`: its tokens are another agent's, not the finance agent's. */
export function addPayrollAgent(idp: LocalIdp): void {
  const finance = idp.agents.get('finance-agent');
  if (finance === undefined) throw new Error('no finance-agent');
  idp.addAgent({
    clientId: PAYROLL_AGENT,
    roles: finance.roles,
    permissions: finance.permissions,
    scopes: finance.scopes,
  });
}

/**
 * One agent instance of `agentId` at a local Keycloak-shaped `idp`: an adapter proving with a
 * P-256 key pair of its own (`dpop`), so its `id` is its own too; or, with `dpop: false`, one
 * without DPoP (a web app's).
 */
export async function dpopAdapter(
  idp: LocalIdp,
  agentId = 'finance-agent',
  { dpop = true } = {},
): Promise<IamAdapter> {
  const options = { env: idp.env(agentId), plugins: [keycloakPlugin], fetch: idp.fetch };
  if (!dpop) return createAdapter(undefined, options);
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  return createAdapter(undefined, { ...options, dpop: { prover: createDpopProver({ keyPair }) } });
}

/**
 * Asserts what ending a delegation did at `idp`: every token of `revoked` revoked (an outcome
 * each, introspection then inactive) and no other token of the IdP, those of `kept` still active.
 */
export async function expectRevokedOnly(
  idp: LocalIdp,
  ended: EndedDelegation,
  tokens: { revoked: readonly DualSubjectToken[]; kept: readonly DualSubjectToken[] },
): Promise<void> {
  expect(ended.revocations).toEqual(
    tokens.revoked.map(() => ({ status: 'revoked', endpoint: idp.revocationUrl })),
  );
  for (const token of tokens.revoked) {
    expect(await introspectToken(idp, token.accessToken)).toEqual({ active: false });
  }
  for (const token of tokens.kept) {
    expect(await introspectToken(idp, token.accessToken)).toMatchObject({ active: true });
  }
  expect(
    idp.tokens
      .filter((t) => t.revoked)
      .map((t) => t.tokenId)
      .sort(),
  ).toEqual(tokens.revoked.map((t) => t.accessToken).sort());
}
