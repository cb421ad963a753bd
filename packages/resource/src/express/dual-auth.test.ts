import express from 'express';
import { describeMiddleware, FIRST_EVENT } from '../../test/support/middleware-scenario.js';
import { runningApp } from '../../test/support/running-app.js';
import { dualAuth } from './index.js';

describeMiddleware(
  'Express',
  async (options) => {
    const app = express();
    app.use('/api', dualAuth(options));
    app.get('/api/accounts/:id', (req, res) => {
      if (req.params.id === '404') return void res.status(404).json({ error: 'not_found' });
      if (req.params.id === '500') throw new Error('route failed');
      if (req.params.id === 'stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).write(FIRST_EVENT);
        return;
      }
      res.json({ agent: req.dualSubject?.agent.id, human: res.locals.dualSubject?.human.sub });
    });
    const server = app.listen(0, '127.0.0.1');
    return runningApp(server);
  },
  '/api/accounts/42',
);
