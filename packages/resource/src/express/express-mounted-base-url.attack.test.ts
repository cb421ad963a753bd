import type { DualAuthAuditEvent } from '@dual-auth/core';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { idpJwksPerSuite } from '../../test/support/idp-jwks-per-suite.js';
import { runningApp } from '../../test/support/running-app.js';
import type { JwksServer } from '../../test/support/token-kit.js';
import { scenarioGuardOptions } from '../../test/support/vendor-scenario.js';
import { createDualAuthGuard } from '../dual-auth-guard.js';
import { dualAuth } from './index.js';

// Attack (review rev9): Express gives the middleware `req.baseUrl`, the path a mount matched, not
// the mount's pattern: for `app.use('/users/:username', router)` it is the client's
// `/users/john-smith`. It goes through routeForLogging, whose raw-path rule keeps "joined words"
// (`order-items`), so a person's name or login written as words (`john-smith`, `janedoe`) reaches
// every audit record and span of the route (house rule: never log a name). Only an email or a
// dotted name (`jane.doe`) is redacted there.
let jwks: JwksServer;
const audits: DualAuthAuditEvent[] = [];
idpJwksPerSuite((started) => ({ jwks } = started));

describe('attack: Express, a router mounted under a parameter', () => {
  it("does not audit the mount's parameter value (a person's login) from req.baseUrl", async () => {
    const guard = createDualAuthGuard(
      scenarioGuardOptions('okta', { jwks, appPem: '', onDecision: (e) => void audits.push(e) }),
    );
    const router = express.Router();
    router.get('/payslips', dualAuth(guard), (_q, r) => r.end());
    const app = express();
    app.use('/users/:username', router);
    const running = await runningApp(app.listen(0, '127.0.0.1'));
    try {
      audits.length = 0;
      for (const login of ['john-smith', 'janedoe']) {
        const response = await fetch(`${running.url}/users/${login}/payslips`);
        await response.body?.cancel();
        expect(response.status).toBe(401);
      }
      const routes = audits.map((audit) => audit.route);
      expect(routes).toHaveLength(2);
      for (const route of routes) {
        expect(route).not.toContain('john-smith');
        expect(route).not.toContain('janedoe');
      }
    } finally {
      await running.close();
    }
  });
});
