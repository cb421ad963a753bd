import type { DualAuthAuditEvent } from '@dual-auth/core';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import type { JwksServer } from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';

// Upgrade review (wave9/upg9): developer-written static routes (no parameter syntax) are now
// judged as raw paths, so several distinct routes audit (and trace, `http.route`) under one name.
// FAILS on int14: a dashboard or SIEM rule keyed on these routes loses them.
let jwks: JwksServer;
const audits: DualAuthAuditEvent[] = [];
idpJwksPerSuite((started) => ({ jwks } = started));

describe('upgrade: static framework routes keep their names in the audit', () => {
  it('Fastify: file-like, digit-led and versioned static routes are audited as written', async () => {
    const guard = createDualAuthGuard(
      scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: (e) => void audits.push(e) }),
    );
    const routes = [
      '/api/openapi.json',
      '/api/v1/orders/export.csv',
      '/api/v1/orders/export.pdf',
      '/reports/2024-q1',
      '/reports/2024-q2',
      '/api/people/2fa',
      '/api/x509/certs',
      '/api/v1/oauth2-authorization-server/:id',
    ];
    const app = Fastify();
    for (const route of routes) {
      app.get(route, { preHandler: fastifyDualAuth(guard) }, async () => 'ok');
    }
    audits.length = 0;
    for (const route of routes) {
      const response = await app.inject({ method: 'GET', url: route.replace(':id', '42') });
      expect(response.statusCode).toBe(401);
    }
    await app.close();
    expect(audits.map((audit) => audit.route)).toEqual(routes);
  });
});
