import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { describeMiddleware } from '../../test/support/middleware-scenario.js';
import { getDualSubject, withDualAuth } from './index.js';

describeMiddleware(
  'fetch handler',
  async (options) => {
    const handler = withDualAuth(
      (request) => {
        const subject = getDualSubject(request);
        return Response.json({ agent: subject?.agent.id, human: subject?.human.sub });
      },
      { ...options, route: (request) => new URL(request.url).pathname.replace(/\d+$/, ':id') },
    );
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  '/api/accounts/:id',
);
