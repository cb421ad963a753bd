import { serve } from '@hono/node-server';
import { describeMiddleware } from '../../test/support/middleware-scenario.js';
import { runningApp } from '../../test/support/running-app.js';
import { getDualSubject, withDualAuth } from './index.js';

describeMiddleware(
  'fetch handler',
  async (options) => {
    const handler = withDualAuth(
      (request) => {
        const account = new URL(request.url).pathname.split('/').at(-1);
        if (account === '404') return Response.json({ error: 'not_found' }, { status: 404 });
        if (account === '500') throw new Error('route failed');
        const subject = getDualSubject(request);
        return Response.json({ agent: subject?.agent.id, human: subject?.human.sub });
      },
      { ...options, route: (request) => new URL(request.url).pathname.replace(/\d+$/, ':id') },
    );
    const server = serve({ fetch: handler, port: 0, hostname: '127.0.0.1' });
    return runningApp(server);
  },
  '/api/accounts/:id',
);
