import { type DualAuthAuditEvent, routeForLogging } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hungIntrospection } from '../test/support/hung-introspection.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { recordTelemetry, type TelemetryRecorder } from '../test/support/telemetry-recorder.js';
import { accessToken, type JwksServer, type SigningKey } from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';

let idpKey: SigningKey;
let jwks: JwksServer;
let telemetry: TelemetryRecorder;

idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
beforeAll(() => {
  telemetry = recordTelemetry();
});
afterAll(() => telemetry.stop());

const withToken = async (claims: Record<string, unknown> = {}) =>
  new Request('https://api.example.test/accounts/42', {
    headers: { authorization: `Bearer ${await accessToken('okta', idpKey, claims)}` },
  });

/** The okta scenario's guard, with the audit records it wrote. */
function auditedGuard(extra: Partial<DualAuthGuardOptions> = {}) {
  const audits: DualAuthAuditEvent[] = [];
  const guard = createDualAuthGuard({
    ...scenarioGuardOptions('okta', {
      jwks,
      appPem: '',
      onDecision: (event) => {
        audits.push(event);
      },
    }),
    ...extra,
  });
  return { guard, audits };
}

describe('the dual_auth.decision span', () => {
  it('carries the status only of an answer the guard gave itself: none for an ALLOW, whose answer is the app’s', async () => {
    const { guard, audits } = auditedGuard();
    telemetry.reset();
    const decisions = [
      await guard.checkRequest(await withToken()),
      await guard.checkRequest(await withToken({ act: { sub: 'intruder-9' } })),
      await guard.checkRequest(new Request('https://api.example.test/accounts/42')),
    ];
    expect(decisions.map((d) => d.status)).toEqual([200, 403, 401]);

    const spans = telemetry.spans().filter((s) => s.name === 'dual_auth.decision');
    expect(
      spans.map((s) => [
        s.attributes['dual_auth.decision'],
        s.attributes['http.response.status_code'],
        s.status.code,
      ]),
    ).toEqual([
      ['ALLOW', undefined, 0],
      ['DENY', 403, 0],
      ['DENY', 401, 0],
    ]);
    expect(spans[0]?.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/accounts/:redacted',
      'dual_auth.reason': 'authorized',
    });
    // The audit record keeps the status answered (200: the guard's admission, no status reported).
    expect(audits.map((a) => a.status)).toEqual([200, 403, 401]);
    // Metrics never carried a status: one decision each, by decision and failed side.
    const points = (await telemetry.points()).filter((p) =>
      p.name.startsWith('dual_auth.decision'),
    );
    expect(points.length).toBeGreaterThan(0);
    expect(points.filter((p) => 'http.response.status_code' in p.attributes)).toEqual([]);
  });
});

describe('the route a direct guard.check records (attack review #10)', () => {
  it('cuts the query and fragment of a route given as req.url, keeps a template the caller vouches for as written, and a raw path (or a route without parameter syntax) through routeForLogging, in the span, the audit and the log', async () => {
    const lines: string[] = [];
    const log = (event: string, fields?: object) => {
      lines.push(`${event} ${JSON.stringify(fields)}`);
    };
    const { guard, audits } = auditedGuard({
      logger: { debug: log, info: log, warn: log, error: log },
    });
    const token = await accessToken('okta', idpKey);
    const check = (route: string, routeIsTemplate?: boolean) =>
      guard.check({
        authorization: `Bearer ${token}`,
        actAssertion: null,
        method: 'GET',
        route,
        routeIsTemplate,
      });
    telemetry.reset();
    await check(`/api/balance?access_token=${token}&email=victim@corp.example`);
    await check('/api/balance#victim@corp.example');
    await check(routeForLogging('/accounts/victim@corp.example/balance?x=1'));
    await check('/accounts/:id/{kind}/*');
    // A template the caller vouches for is the developer's: kept as written; without
    // routeIsTemplate it may be the client's path (Koa's ctx.path), so `2fa` and `atom.xml` go.
    await check('/api/2fa/:feed/atom.xml', true);
    await check('/api/2fa/:feed/atom.xml');
    await check('/api/bad\u202Ename/:id', true);
    // A raw path given as the route (no parameter syntax): trimmed as routeForLogging does.
    await check('/users/victim.doe@corp.example/reset/8f3a9c2e1b4d5f60a7b8c9d0e1f2a3b4');
    await check('/users/me');

    const expected = [
      '/api/balance',
      '/api/balance',
      '/accounts/:redacted/balance',
      '/accounts/:id/{kind}/*',
      '/api/2fa/:feed/atom.xml',
      '/api/:redacted/:feed/:redacted',
      '/api/:redacted/:id',
      '/users/:redacted/reset/:redacted',
      '/users/me',
    ];
    const spans = telemetry.spans().filter((s) => s.name === 'dual_auth.decision');
    expect(spans.map((s) => s.attributes['http.route'])).toEqual(expected);
    expect(audits.map((a) => a.route)).toEqual(expected);
    const recorded = JSON.stringify([spans.map((s) => s.attributes), audits, lines]);
    expect(recorded).not.toContain('victim');
    expect(recorded).not.toContain(token);
    expect(recorded).not.toContain('8f3a9c2e');
    // A JavaScript caller without a route: a decision, not a synchronous TypeError.
    const withoutRoute = { authorization: `Bearer ${token}`, actAssertion: null, method: 'GET' };
    await expect(guard.check(withoutRoute as never)).resolves.toMatchObject({ decision: 'ALLOW' });
  });
});

describe('a request its client hung up on while its opaque token waited for introspection', () => {
  it('is audited request_aborted with no status, no 503 on the span and no verification failure counted', async () => {
    const { introspection, asked } = hungIntrospection();
    const { guard, audits } = auditedGuard({ introspection });
    telemetry.reset();
    const client = new AbortController();
    const pending = guard.check({
      authorization: 'Bearer opaque-token-of-a-client-that-leaves',
      actAssertion: null,
      method: 'GET',
      route: '/accounts/:id',
      signal: client.signal,
    });
    await asked();
    client.abort(new DOMException('client left', 'AbortError'));
    const decision = await pending;

    expect(decision).toMatchObject({ decision: 'DENY', status: 499 });
    expect(audits).toEqual([
      expect.objectContaining({
        decision: 'DENY',
        reason: 'request_aborted',
        failed_side: 'credentials',
        status: null,
      }),
    ]);
    const span = telemetry.spans().find((s) => s.name === 'dual_auth.decision');
    expect(span?.attributes).toMatchObject({ 'dual_auth.reason': 'request_aborted' });
    expect(span?.attributes['http.response.status_code']).toBeUndefined();
    expect(span?.status.code).not.toBe(2);
    const points = await telemetry.points();
    expect(points.filter((p) => p.name === 'dual_auth.verification.failures')).toEqual([]);
    expect(JSON.stringify(points.map((p) => p.attributes))).not.toMatch(
      /503|introspection_unavailable/,
    );
  });
});

// Attack (Session 12, breaker12): the method is the client's text, read before any credential.
// Deno's server hands a handler a request line's method of 60 000 characters; without a token,
// each such request put all of it in a refusal's audit record and on its span.
describe('the method a refusal records', () => {
  it('is a known method as sent, anything else _OTHER (OTel HTTP conventions)', async () => {
    const { guard, audits } = auditedGuard();
    telemetry.reset();
    const url = 'https://api.example.test/accounts/42';
    for (const method of ['X'.repeat(60_000), 'PROPFIND', 'DELETE']) {
      expect((await guard.checkRequest(new Request(url, { method }))).status).toBe(401);
    }
    const spans = telemetry.spans().filter((s) => s.name === 'dual_auth.decision');
    expect(spans.map((s) => s.attributes['http.request.method'])).toEqual([
      '_OTHER',
      '_OTHER',
      'DELETE',
    ]);
    expect(audits.map((a) => a.method)).toEqual(['_OTHER', '_OTHER', 'DELETE']);
  });

  // Upgrade (Session 12, upg13): a WebDAV API (RFC 4918) kept its methods in the audit; the OTel
  // conventions behind _OTHER require a way to name the known methods, a full override.
  it('is one of knownMethods as sent, when the guard is given them', async () => {
    const { guard, audits } = auditedGuard({ knownMethods: ['GET', 'PROPFIND'] });
    telemetry.reset();
    const url = 'https://api.example.test/files/report.txt';
    for (const method of ['PROPFIND', 'GET', 'DELETE', 'X'.repeat(60_000)]) {
      expect((await guard.checkRequest(new Request(url, { method }))).status).toBe(401);
    }
    const spans = telemetry.spans().filter((s) => s.name === 'dual_auth.decision');
    const recorded = ['PROPFIND', 'GET', '_OTHER', '_OTHER'];
    expect(spans.map((s) => s.attributes['http.request.method'])).toEqual(recorded);
    expect(audits.map((a) => a.method)).toEqual(recorded);
  });

  it('refuses knownMethods that are not method names at creation', () => {
    for (const knownMethods of ['PROPFIND', ['GET', ''], ['GET PUT'], ['X'.repeat(33)]]) {
      expect(() => auditedGuard({ knownMethods: knownMethods as string[] })).toThrow(
        /options\.knownMethods must be an array of HTTP method names/,
      );
    }
  });
});
