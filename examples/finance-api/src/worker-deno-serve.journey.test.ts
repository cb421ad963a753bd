import { afterEach, expect, it } from 'vitest';
import { AUTH0_WORKER_VARS } from '../test/auth0-worker-vars.js';
import { worker } from './worker.js';

// Journey 10 (wave10/journey10): this example's README and worker.ts say the Worker module runs
// "on Deno (`Deno.serve(worker.fetch)`)". Deno calls a serve handler with (request, info), info
// being `{ remoteAddr, completed }`, not the Worker's bindings, so `worker.fetch` builds the API
// from `info` and every request is a 500 "finance-api: set DUAL_AUTH_VENDOR" although the
// variable is set in the process environment (`deno run --env-file=…`). The journey's Deno script
// was never committed; this test is the repro: it calls `worker.fetch` with the (request, info)
// pair Deno.serve passes. Either the module reads the process environment when no bindings come,
// or the README shows `Deno.serve((request) => worker.fetch(request, Deno.env.toObject()))`; the
// test holds the README's one-liner to its word.
const VARS = AUTH0_WORKER_VARS;
afterEach(() => {
  for (const name of Object.keys(VARS)) delete process.env[name];
});

it('answers a request without a token 401 when served as Deno.serve(worker.fetch)', async () => {
  Object.assign(process.env, VARS);
  // What Deno.serve passes as the handler's second argument.
  const info = {
    remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 50_000 },
    completed: Promise.resolve(),
  };
  const response = await worker.fetch(
    new Request('https://127.0.0.1/api/balance'),
    info as unknown as Parameters<typeof worker.fetch>[1],
  );
  expect(response.status).toBe(401);
});
