import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describeMiddleware } from '../../test/support/middleware-scenario.js';
import { runningApp } from '../../test/support/running-app.js';
import { type DualAuthEnv, dualAuth } from './index.js';

describeMiddleware(
  'Hono',
  async (options) => {
    const app = new Hono<DualAuthEnv>();
    app.get('/api/accounts/:id', dualAuth(options), (c) =>
      c.json({ agent: c.var.dualSubject.agent.id, human: c.var.dualSubject.human.sub }),
    );
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
    app.get('/api/accounts/:id', (c) =>
      c.json({ agent: c.var.dualSubject.agent.id, human: c.var.dualSubject.human.sub }),
    );
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    return runningApp(server);
  },
  '/api/accounts/:id',
);
