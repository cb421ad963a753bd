import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describeMiddleware } from '../../test/support/middleware-scenario.js';
import { type DualAuthEnv, dualAuth } from './index.js';

describeMiddleware(
  'Hono',
  async (options) => {
    const app = new Hono<DualAuthEnv>();
    app.get('/api/accounts/:id', dualAuth(options), (c) =>
      c.json({ agent: c.var.dualSubject.agent.id, human: c.var.dualSubject.human.sub }),
    );
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  '/api/accounts/:id',
);
