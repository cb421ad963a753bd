import express from 'express';
import { expect, it } from 'vitest';
import { runningApp } from '../../test/support/running-app.js';
import { expressMountTemplate } from './express-mount-template.js';

// A real Express app on loopback whose routes answer the template expressMountTemplate found.
async function templatesFor(app: express.Express, paths: readonly string[]): Promise<string[]> {
  const running = await runningApp(app.listen(0, '127.0.0.1'));
  try {
    const answers: string[] = [];
    for (const path of paths) {
      const response = await fetch(`${running.url}${path}`);
      answers.push(await response.text());
    }
    return answers;
  } finally {
    await running.close();
  }
}

const answerTemplate = (req: express.Request, res: express.Response) =>
  void res.send(expressMountTemplate(req) ?? '(unknown)');

it('one router under two mounts: each request gets the template of the mount it came through, the first and the next times', async () => {
  const items = express.Router({ mergeParams: true });
  items.get('/items', answerTemplate);
  const app = express();
  app.use('/teams/:team', items);
  app.use('/people/:person', items);
  expect(
    await templatesFor(app, [
      '/teams/red/items',
      '/people/jane-doe/items',
      '/teams/blue/items',
      '/people/john-smith/items',
    ]),
  ).toEqual(['/teams/:team', '/people/:person', '/teams/:team', '/people/:person']);
});

it("searches the app's routers once per route: the next requests to it do not walk them again", async () => {
  const app = express();
  // A router no request below goes through (Express never reads its stack): only the search does.
  const other = express.Router();
  other.get('/x', answerTemplate);
  const stack = other.stack;
  let stackReads = 0;
  Object.defineProperty(other, 'stack', {
    get: () => {
      stackReads += 1;
      return stack;
    },
  });
  const payslips = express.Router();
  payslips.get('/payslips', answerTemplate);
  app.use('/other', other);
  app.use('/users/:username', payslips);
  expect(
    await templatesFor(app, ['/users/jane-doe/payslips', '/users/john-smith/payslips']),
  ).toEqual(['/users/:username', '/users/:username']);
  expect(stackReads).toBe(1);
  // Another route of the same app is searched for once too.
  payslips.get('/summary', answerTemplate);
  expect(await templatesFor(app, ['/users/jane-doe/summary'])).toEqual(['/users/:username']);
  expect(stackReads).toBe(2);
});
