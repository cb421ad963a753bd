import { readFileSync } from 'node:fs';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// With boundTokens: 'checked-upstream' the guard admits a key-bound token sent as Bearer on a
// gateway's word that it checked the proof. Its record says so in `policy_basis`, so a security
// reviewer can find every decision that rested on a check done elsewhere; a token bound to no key
// rested on nothing upstream and says nothing.

const MARK = 'gateway:bound_token_checked_upstream';
const schema = JSON.parse(
  readFileSync(new URL('../../core/audit-event.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('idp');
});

async function auditOf(claims: Record<string, unknown>, upstream: boolean) {
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    ...(upstream ? { boundTokens: 'checked-upstream' as const } : {}),
    onDecision: (audit) => audits.push(audit),
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  const token = await accessToken('keycloak', idpKey, claims);
  await guard.check({
    authorization: `Bearer ${token}`,
    actAssertion: undefined,
    method: 'GET',
    url: 'https://api.example.com/api/balance',
    route: '/api/balance',
  });
  return audits[0];
}

it('a DPoP-bound token admitted on the gateway’s word: marked in policy_basis, schema-valid', async () => {
  const audit = await auditOf({ cnf: { jkt: 'A'.repeat(43) } }, true);
  expect(audit).toMatchObject({ decision: 'ALLOW', identities: 'verified' });
  expect(audit?.policy_basis).toContain(MARK);
  expect(validate(audit)).toBe(true);
});

it('a token_type DPoP or certificate-bound token too', async () => {
  for (const claims of [{ token_type: 'DPoP' }, { cnf: { 'x5t#S256': 'B'.repeat(43) } }]) {
    expect((await auditOf(claims, true))?.policy_basis).toContain(MARK);
  }
});

it('a token bound to no key, or a guard that checks bound tokens itself: no mark', async () => {
  expect((await auditOf({}, true))?.policy_basis).not.toContain(MARK);
  const refused = await auditOf({ cnf: { jkt: 'A'.repeat(43) } }, false);
  expect(refused).toMatchObject({ decision: 'DENY', reason: 'access_token.binding_mismatch' });
  expect(refused?.policy_basis).not.toContain(MARK);
});
