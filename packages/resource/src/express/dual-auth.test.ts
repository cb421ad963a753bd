import type { AddressInfo } from 'node:net';
import express from 'express';
import { describeMiddleware } from '../../test/support/middleware-scenario.js';
import { dualAuth } from './index.js';

describeMiddleware(
  'Express',
  async (options) => {
    const app = express();
    app.use('/api', dualAuth(options));
    app.get('/api/accounts/:id', (req, res) => {
      res.json({ agent: req.dualSubject?.agent.id, human: res.locals.dualSubject?.human.sub });
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  },
  '/api/accounts/42',
);
