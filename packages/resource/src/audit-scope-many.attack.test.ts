import type { DualAuthAuditEvent } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { auditedScopeCheck } from '../test/support/audited-scope-check.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { HUMAN, type JwksServer, type SigningKey } from '../test/support/token-kit.js';

let idpKey: SigningKey;
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));

afterEach(() => {
  vi.restoreAllMocks();
});

// A token the IdP signed with thousands of scopes (a misconfigured or compromised IdP, or a large
// legitimate grant) made every request pay for the audit record's reading of each name: each
// word and path of a name (`resource/tenant-7`) went through a UTF-8 decoder, which threw for
// nearly all, 2 300 names ~35 ms a request. The record still holds every name, as granted where
// nothing in it names the human, and the work per name asks no decoder for bytes no text is.
const MANY = Array.from({ length: 2300 }, (_, i) => `api://resource/tenant-${i}.files.read`);

it('writes every one of thousands of scope names, decoding none of their words', async () => {
  const decode = vi.spyOn(TextDecoder.prototype, 'decode');
  const granted = ['finance.read', ...MANY, `files:${HUMAN.email}`];
  const { decision, audits } = await auditedScopeCheck(idpKey, jwks, granted, {
    // A deployment whose IdP grants this many raises the default 16 384.
    maxTokenLength: 262_144,
  });
  expect(decision.status).toBe(200);
  const audit = audits[0] as DualAuthAuditEvent;
  expect(audit.scope).toEqual(['finance.read', ...MANY, 'files:***REDACTED***']);
  // The token's own parts (the JWKS answer, header, payload) only: not one per scope name.
  expect(decode.mock.calls.length).toBeLessThan(20);
});
