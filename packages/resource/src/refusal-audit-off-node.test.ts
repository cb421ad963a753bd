import { type DualAuthAuditEvent, InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { recordTelemetry, type TelemetryRecorder } from '../test/support/telemetry-recorder.js';
import {
  accessToken,
  fixedClock,
  type JwksServer,
  NOW,
  type SigningKey,
} from '../test/support/token-kit.js';
import { recordingLogger, scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

const EMAIL = 'alice@corp.example';

let idpKey: SigningKey;
let jwks: JwksServer;
let telemetry: TelemetryRecorder;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(() => {
  telemetry = recordTelemetry();
});
afterAll(() => telemetry.stop());
afterEach(() => {
  vi.unstubAllGlobals();
});

// Off Node (Workers, Deno, Bun: no node:crypto), the refusals of a token that verified whole name
// an email-shaped human in the audit record, the log lines and the verification span by the
// digest the guard prepared with Web Crypto: a delegation the human ended, a human the API's rule
// refuses. Never the email, never `sha256:unavailable`.
it.each([
  ['the delegation ended', 401, 'credentials'],
  ['the human is not allowed', 403, 'human'],
] as const)(
  'off Node, a refusal because %s names the human by its digest',
  async (why, status, side) => {
    const expected = await webCryptoDigest(EMAIL);
    const audits: DualAuthAuditEvent[] = [];
    const logger = recordingLogger();
    const cutoffStore = new InMemoryDelegationCutoffStore({ clock: fixedClock });
    if (why === 'the delegation ended') await cutoffStore.endDelegation(EMAIL, NOW, 3_600_000);
    const guard = createDualAuthGuard({
      ...scenarioGuardOptions('keycloak', { jwks, appPem: '', onDecision: (a) => audits.push(a) }),
      cutoffStore,
      logger,
      ...(why === 'the human is not allowed' ? { humanAllowed: () => false } : {}),
    });
    const token = await accessToken('keycloak', idpKey, { act: { sub: EMAIL } });
    telemetry.reset();
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const decision = await guard.checkRequest(
      new Request('https://api.example.test/accounts/42', {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    vi.unstubAllGlobals();
    expect(decision.status).toBe(status);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ decision: 'DENY', human_id: expected, failed_side: side });
    const named = logger.events
      .map((e) => (e.fields as { human_id?: unknown } | undefined)?.human_id)
      .filter((id) => id !== undefined && id !== null);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([expected]));
    const spanIds = telemetry
      .spans()
      .map((span) => span.attributes['dual_auth.human.id'])
      .filter((id) => id !== undefined);
    expect(new Set(spanIds)).toEqual(new Set([expected]));
    const written = JSON.stringify([
      audits,
      logger.events,
      telemetry.spans().map((s) => s.attributes),
    ]);
    expect(written).not.toContain('@');
    expect(written).not.toContain('unavailable');
  },
);
