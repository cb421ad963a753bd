import { inspect } from 'node:util';
import type { DualAuthAuditEvent } from '@dual-auth/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { standardGuardOptions, standardToken } from '../test/support/standard-idp.js';
import { recordTelemetry, type TelemetryRecorder } from '../test/support/telemetry-recorder.js';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Attack (session 39): RFC 8693 §4.1 names an earlier actor by any id, its own example by an email
// (`"act": { "sub": "admin@example.com" }`: a person who acted before the agent). The human's id
// is logged as a digest when it reads as an email, but the actors' ids went as they were into the
// audit record's `delegation_chain`, the span's `dual_auth.delegation.chain` and the verified
// subject's JSON and `util.inspect` forms: an email in every log line and trace of the request.

const ADMIN_EMAIL = 'admin@example.com';
let idpKey: SigningKey;
let telemetry: TelemetryRecorder;
beforeAll(async () => {
  telemetry = recordTelemetry();
  idpKey = await createSigningKey('std-1');
});
afterAll(() => telemetry.stop());

it('an earlier actor named by an email is logged, traced and printed as its digest', async () => {
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...standardGuardOptions(idpKey),
    logger,
    onDecision: (event) => {
      audits.push(event);
    },
  });
  const token = await standardToken(idpKey, {
    sub: 'user-1',
    client_id: 'finance-agent',
    act: { sub: 'finance-agent', act: { sub: ADMIN_EMAIL } },
  });
  telemetry.reset();
  const decision = await guard.checkRequest(
    new Request('https://api.test/accounts', { headers: { authorization: `Bearer ${token}` } }),
  );
  expect(decision.decision).toBe('ALLOW');
  // The verified subject keeps the id itself, for the API's own checks (actorIn).
  expect(decision.subject?.chain.map((hop) => hop.id)).toEqual(['finance-agent', ADMIN_EMAIL]);
  const [audit] = audits;
  expect(audit?.delegation_chain[0]).toBe('finance-agent');
  // Off Node (the edge project) core has no synchronous SHA-256: the placeholder, never the email.
  expect(audit?.delegation_chain[1]).toMatch(/^sha256:(?:[0-9a-f]{32}|unavailable)$/);
  const written = [
    JSON.stringify([audits, logger.events, telemetry.spans().map((span) => span.attributes)]),
    JSON.stringify(decision.subject),
    inspect(decision.subject, { depth: 5 }),
  ];
  for (const text of written) expect(text).not.toContain(ADMIN_EMAIL);
});
