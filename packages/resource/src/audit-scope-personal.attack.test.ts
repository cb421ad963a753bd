import { expect, it } from 'vitest';
import { auditedScopeCheck } from '../test/support/audited-scope-check.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { HUMAN, type JwksServer, type SigningKey } from '../test/support/token-kit.js';

let idpKey: SigningKey;
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));

// An IdP may grant the agent a scope per user (`files:alice@example.com`, `home:Alice Example`):
// the guard's audit record and its log line wrote the token's scopes as granted, the human's
// email and name included, beside a human_id the guard carefully hashes when it is an email.
it('names no human in the scope of its audit record and log line', async () => {
  const { decision, audits, logger } = await auditedScopeCheck(idpKey, jwks, [
    'finance.read',
    `files:${HUMAN.email}`,
    `home:${HUMAN.name}`,
  ]);
  expect(decision.status).toBe(200);
  // The subject keeps the scopes as granted: only what is written is blanked.
  expect(decision.subject?.agent.scopes).toContain(`files:${HUMAN.email}`);
  expect(audits).toHaveLength(1);
  expect(audits[0]?.scope).toContain('finance.read');
  const written = JSON.stringify([audits, logger.events]);
  expect(written).not.toContain(HUMAN.email);
  expect(written).not.toContain(HUMAN.name);
});
