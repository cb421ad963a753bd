import type { DualAuthAuditEvent } from '@dual-auth/core';
import { exportSPKI } from 'jose';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { recordTelemetry, type TelemetryRecorder } from '../test/support/telemetry-recorder.js';
import {
  accessToken,
  actAssertion,
  createSigningKey,
  ENTRA_HUMAN,
  type JwksServer,
  type SigningKey,
} from '../test/support/token-kit.js';
import { recordingLogger, scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { humanIn } from './subject-checks.js';

// Journey 9: an Entra human's sub is the UPN (an email). Spans, logs and audit records name the
// human by the object id instead, allowed or denied, and a check that throws too.
let idpKey: SigningKey;
let appKey: SigningKey;
let jwks: JwksServer;
let telemetry: TelemetryRecorder;

idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(async () => {
  telemetry = recordTelemetry();
  appKey = await createSigningKey('app');
});
afterAll(() => telemetry.stop());

it('names an Entra human by the oid in spans, logs and audits, never by the UPN', async () => {
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const options = scenarioGuardOptions('entraid', {
    jwks,
    appPem: await exportSPKI(appKey.publicKey),
    onDecision: (event) => {
      audits.push(event);
    },
  });
  const request = async () =>
    new Request('https://api.example.test/accounts/42', {
      headers: {
        authorization: `Bearer ${await accessToken('entraid', idpKey)}`,
        'x-act-assertion': await actAssertion(appKey),
      },
    });
  telemetry.reset();
  const allowed = await createDualAuthGuard({ ...options, logger }).checkRequest(await request());
  const failing = await createDualAuthGuard({
    ...options,
    logger,
    humanAllowed: () => {
      throw new Error('directory down');
    },
  }).checkRequest(await request());
  expect([allowed.status, failing.status]).toEqual([200, 503]);
  expect(allowed.subject?.human.sub).toBe(ENTRA_HUMAN.sub);

  expect(audits.map((audit) => audit.human_id)).toEqual([ENTRA_HUMAN.oid, ENTRA_HUMAN.oid]);
  const checkFailed = logger.events.find((entry) => entry.event === 'dual_auth_check_failed');
  expect(checkFailed?.fields).toMatchObject({ human_id: ENTRA_HUMAN.oid });
  const humanIds = telemetry
    .spans()
    .map((span) => span.attributes['dual_auth.human.id'])
    .filter((id) => id !== undefined);
  expect(humanIds.length).toBeGreaterThan(0);
  expect(new Set(humanIds)).toEqual(new Set([ENTRA_HUMAN.oid]));
  const written = JSON.stringify([
    audits,
    logger.events,
    telemetry.spans().map((span) => span.attributes),
  ]);
  expect(written).not.toContain(ENTRA_HUMAN.sub);
  expect(written).not.toContain('@');
});

// Off Node (Workers, Deno, Bun: no Node node:crypto), core has no synchronous SHA-256: the guard
// prepares the digest with Web Crypto once the token verified, and every line after it reads it.
it('off Node, names an email-shaped human by its Web Crypto digest in spans, logs and audits', async () => {
  const email = 'jane@corp.example';
  const sha = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(email));
  const hex = Array.from(new Uint8Array(sha, 0, 16), (b) => b.toString(16).padStart(2, '0'));
  const digest = `sha256:${hex.join('')}`;
  const logger = recordingLogger();
  const audits: DualAuthAuditEvent[] = [];
  const options = scenarioGuardOptions('keycloak', {
    jwks,
    appPem: '',
    onDecision: (event) => {
      audits.push(event);
    },
  });
  const token = await accessToken('keycloak', idpKey, { act: { sub: email } });
  const request = () =>
    new Request('https://api.example.test/accounts/42', {
      headers: { authorization: `Bearer ${token}` },
    });
  telemetry.reset();
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  const allowed = await createDualAuthGuard({
    ...options,
    logger,
    humanAllowed: humanIn([email]),
  }).checkRequest(request());
  const failing = await createDualAuthGuard({
    ...options,
    logger,
    humanAllowed: () => {
      throw new Error('directory down');
    },
  }).checkRequest(request());
  vi.unstubAllGlobals();
  expect([allowed.status, failing.status]).toEqual([200, 503]);
  expect(audits.map((audit) => audit.human_id)).toEqual([digest, digest]);
  const checkFailed = logger.events.find((entry) => entry.event === 'dual_auth_check_failed');
  expect(checkFailed?.fields).toMatchObject({ human_id: digest });
  const humanIds = telemetry
    .spans()
    .map((span) => span.attributes['dual_auth.human.id'])
    .filter((id) => id !== undefined);
  expect(humanIds.length).toBeGreaterThan(0);
  expect(new Set(humanIds)).toEqual(new Set([digest]));
  expect(JSON.stringify([audits, logger.events])).not.toContain('@');
});
