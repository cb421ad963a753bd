import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { answerToHangUp } from '../../test/support/hung-introspection.js';
import { idpJwksPerSuite } from '../../test/support/idp-jwks-per-suite.js';
import { describeMiddleware, openEventStream } from '../../test/support/middleware-scenario.js';
import { runningApp } from '../../test/support/running-app.js';
import type { JwksServer } from '../../test/support/token-kit.js';
import { type DualAuthEnv, dualAuth } from './index.js';

const account = (c: Context<DualAuthEnv>) => {
  if (c.req.param('id') === '404') return c.json({ error: 'not_found' }, 404);
  if (c.req.param('id') === '500') throw new Error('route failed');
  if (c.req.param('id') === 'stream') {
    return c.body(openEventStream(), 200, { 'content-type': 'text/event-stream' });
  }
  return c.json({ agent: c.var.dualSubject.agent.id, human: c.var.dualSubject.human.sub });
};

describeMiddleware(
  'Hono',
  async (options) => {
    const app = new Hono<DualAuthEnv>();
    app.get('/api/accounts/:id', dualAuth(options), account);
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    return runningApp(server);
  },
  '/api/accounts/:id',
);

// Mounted as the README shows: the audit still names the endpoint's route, not '/api/*'.
describeMiddleware(
  'Hono (app.use)',
  async (options) => {
    const app = new Hono<DualAuthEnv>();
    app.use('/api/*', dualAuth(options));
    app.get('/api/accounts/:id', account);
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    return runningApp(server);
  },
  '/api/accounts/:id',
);

describe('Hono: a request its client hung up on while its token waited for introspection', () => {
  let jwks: JwksServer;
  idpJwksPerSuite((started) => ({ jwks } = started));

  it('is answered 499, not 503, and audited request_aborted with no status', async () => {
    const { response, audits } = await answerToHangUp(jwks, (options) => {
      const app = new Hono<DualAuthEnv>();
      app.use('/api/*', dualAuth(options));
      app.get('/api/accounts/:id', account);
      return app.fetch;
    });
    expect(response.status).toBe(499);
    expect(audits.map((a) => [a.route, a.reason, a.status])).toEqual([
      ['/api/accounts/:id', 'request_aborted', null],
    ]);
  });
});
