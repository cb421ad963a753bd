import type { DualAuthAuditEvent } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { auditedScopeCheck } from '../test/support/audited-scope-check.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import type { JwksServer, SigningKey } from '../test/support/token-kit.js';

let idpKey: SigningKey;
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));

// A record writes a scope name's unreadable characters in a readable form. Written each as U+FFFD,
// names the checks tell apart wrote the same: `files:a\nb`, `files:a\u2028b` and a name the IdP
// granted with a U+FFFD of its own, `files:a\ufffdb`; and a name that ends in `…` read as one cut
// at 256 characters. An auditor reading `files:a\ufffdb` in a record could not tell which of them
// the token held, nor that the record shows a name the client wrote, not one it was granted
// under that name. Written names must be as distinct as the names granted (up to the cut).
const GRANTED = [
  'files:a\nb',
  'files:a\rb',
  'files:a\u2028b',
  'files:a\ufffdb',
  'files:a\\u{a}b',
  'files:a…',
  'files:a',
  `files:${'x'.repeat(244)}\n\n`,
];

it('writes distinct granted scope names as distinct names, none as another', async () => {
  const { decision, audits } = await auditedScopeCheck(idpKey, jwks, ['finance.read', ...GRANTED]);
  expect(decision.status).toBe(200);
  const written = (audits[0] as DualAuthAuditEvent).scope.slice(1);
  expect(new Set(written).size).toBe(GRANTED.length);
  // A name without unreadable characters, `\` nor `…` (every RFC 6749 scope-token) as granted.
  expect(written[6]).toBe('files:a');
  expect(written[0]).toBe('files:a\\u{a}b');
  // Only a cut name ends in `…`, and never inside an escape: `\u{a}` whole or not at all.
  expect(written.filter((name) => name.endsWith('…'))).toEqual([`files:${'x'.repeat(244)}\\u{a}…`]);
});
