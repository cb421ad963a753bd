import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { describeMiddleware, openEventStream } from '../../test/support/middleware-scenario.js';
import { runningApp } from '../../test/support/running-app.js';
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
