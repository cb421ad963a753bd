import { readFileSync } from 'node:fs';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import { hasControlCharacters } from '@dual-auth/core/adapter-kit';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect, it } from 'vitest';
import { auditedScopeCheck } from '../test/support/audited-scope-check.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import type { JwksServer, SigningKey } from '../test/support/token-kit.js';

let idpKey: SigningKey;
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));

const schema = JSON.parse(
  readFileSync(new URL('../../core/audit-event.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

// The guard refuses an agent or human id holding a line break, a control or a bidi character,
// or longer than 256 characters, since ids reach every record. Scope names reach every record too
// (`scope`), but were written as the token held them: an IdP that grants a scope the client
// named (a dynamic or per-user scope, an array claim whose names may hold anything) put a line
// break, a terminal escape or a reordering into the audit trail of a text logger or `onDecision`
// sink, and a name over 1024 characters made the record fail the audit schema it ships with.
const HOSTILE = [
  'files:a\u2028{"decision":"ALLOW","agent_id":"admin-agent"}',
  'files:b\nlevel=info decision=ALLOW',
  'files:\u001b[2J\u001b[Hc',
  'files:d\u0085e',
  'files:\u202eWOLLA',
  'files:f\ud800',
  `files:${'x'.repeat(2000)}`,
];

it('writes scope names without control characters, each at most 256 characters', async () => {
  const { decision, audits, logger } = await auditedScopeCheck(idpKey, jwks, [
    'finance.read',
    ...HOSTILE,
  ]);
  expect(decision.status).toBe(200);
  // The checks see the scopes as granted: only what is written changes.
  expect(decision.subject?.agent.scopes).toEqual(['finance.read', ...HOSTILE]);
  expect(audits).toHaveLength(1);
  const audit = audits[0] as DualAuthAuditEvent;
  expect(validate(audit), JSON.stringify(validate.errors)).toBe(true);
  expect(audit.scope).toHaveLength(1 + HOSTILE.length);
  expect(audit.scope[0]).toBe('finance.read');
  for (const name of audit.scope) {
    expect(hasControlCharacters(name), JSON.stringify(name)).toBe(false);
    expect(name.length).toBeLessThanOrEqual(256);
  }
  // What stays readable stays: the name's start, its control characters as `\u{hex}`.
  expect(audit.scope[2]).toBe('files:b\\u{a}level=info decision=ALLOW');
  expect(audit.scope[7]).toBe(`files:${'x'.repeat(249)}…`);
  const logged = logger.events.find((line) => line.event === 'dual_auth_decision');
  expect(logged?.fields?.scope).toEqual(audit.scope);
  // The subject's own printed forms show them as the record does.
  expect(JSON.parse(JSON.stringify(decision.subject)).agent.scopes).toEqual(audit.scope);
});
