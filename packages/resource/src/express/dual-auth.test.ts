import express from 'express';
import { expect, it } from 'vitest';
import { describeMiddleware, FIRST_EVENT } from '../../test/support/middleware-scenario.js';
import { recordingGuard } from '../../test/support/recording-guard.js';
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
  // Mounted with app.use, the guard runs before routing: the path, its id redacted.
  '/api/accounts/:redacted',
);

type Guard = ReturnType<typeof recordingGuard>['guard'];

// The route the guard is given for one request to `path` of the app `mount` builds.
async function auditedRoute(
  mount: (app: express.Express, guard: Guard) => void,
  path: string,
): Promise<string[]> {
  const { guard, inputs } = recordingGuard();
  const app = express();
  mount(app, guard);
  const running = await runningApp(app.listen(0, '127.0.0.1'));
  try {
    const response = await fetch(`${running.url}${path}`);
    expect(response.status).toBe(401);
  } finally {
    await running.close();
  }
  return inputs.map((input) => input.route);
}

const answer = (_req: express.Request, res: express.Response) => void res.json({});

it('Express: with the middleware on the route, audits the route template, not the path', async () => {
  const routes = await auditedRoute((app, guard) => {
    const people = express.Router();
    people.get('/:name/payslips', dualAuth(guard), answer);
    app.use('/api/people', people);
  }, '/api/people/jane.doe/payslips?x=1');
  expect(routes).toEqual(['/api/people/:name/payslips']);
});

it('Express: keeps the route template as written, and the template its router is mounted at, not the raw path', async () => {
  const routes = await auditedRoute((app, guard) => {
    const feeds = express.Router({ mergeParams: true });
    feeds.get('/v1.0/2fa/atom.xml', dualAuth(guard), answer);
    app.use('/api/people/:name', feeds);
  }, '/api/people/jane.doe/v1.0/2fa/atom.xml');
  expect(routes).toEqual(['/api/people/:name/v1.0/2fa/atom.xml']);
});

it('Express: a router at a plain mount audits the mount as written', async () => {
  const routes = await auditedRoute((app, guard) => {
    const accounts = express.Router();
    accounts.get('/accounts/:id', dualAuth(guard), answer);
    app.use('/api/v1', accounts);
  }, '/api/v1/accounts/42');
  expect(routes).toEqual(['/api/v1/accounts/:id']);
});

it('Express: a sub-app mounted under a parameter audits the mount template', async () => {
  const routes = await auditedRoute((app, guard) => {
    const users = express();
    users.get('/payslips', dualAuth(guard), answer);
    app.use('/users/:username', users);
  }, '/users/janedoe/payslips');
  expect(routes).toEqual(['/users/:username/payslips']);
});

it('Express: a mount whose template is unknown keeps only letters-only words of req.baseUrl', async () => {
  const routes = await auditedRoute((app, guard) => {
    const payslips = express.Router();
    // Before routing matched a route: the mount's template is not looked up.
    payslips.use(dualAuth(guard));
    payslips.get('/payslips', answer);
    app.use('/api/v1/users/:username', payslips);
  }, '/api/v1/users/john-smith/payslips');
  expect(routes).toEqual(['/api/v1/users/:redacted/payslips']);
});
