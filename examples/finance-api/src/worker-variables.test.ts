import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { AUTH0_WORKER_VARS } from '../test/auth0-worker-vars.js';

// worker.ts keeps the API it builds from the first request's variables: each test loads it anew.
const VARS = AUTH0_WORKER_VARS;
const clearVars = () => {
  for (const name of Object.keys(VARS)) delete process.env[name];
};
beforeEach(() => {
  clearVars();
  vi.resetModules();
});
afterEach(clearVars);

async function balance(second?: unknown): Promise<Response> {
  const { worker } = await import('./worker.js');
  return worker.fetch(
    new Request('https://127.0.0.1/api/balance'),
    second as Parameters<typeof worker.fetch>[1],
  );
}

it('reads the process environment under Bun.serve(worker) (its server as second argument) and a plain call', async () => {
  Object.assign(process.env, VARS);
  const bunServer = { port: 8444, requestIP: () => null, upgrade: () => false };
  expect((await balance(bunServer)).status).toBe(401);
  vi.resetModules();
  expect((await balance()).status).toBe(401);
});

it("takes a Worker's bindings over the process environment", async () => {
  expect((await balance({ ...VARS })).status).toBe(401);
});

it('still says which variable is missing when neither names it', async () => {
  await expect(balance({ remoteAddr: {}, completed: Promise.resolve() })).rejects.toThrow(
    'finance-api: set DUAL_AUTH_VENDOR',
  );
});
