// workerd's side of tools/check-runtimes.mjs, bundled by it with esbuild as a Workers bundler
// does. The `agent` entrypoint runs the agent side when check-runtimes.mjs requests it, against
// the `api` entrypoint (the scenario's API) through the service binding `API`, and answers the
// result as JSON. `INPUT` (a JSON binding) holds the IdP's URLs and the agent's env; the IdP is
// reached through workerd's network service, which trusts the local IdP's CA.
import { createApi, runScenario } from './runtime-scenario.mjs';

let guarded;

export const api = {
  fetch(request, env) {
    guarded ??= createApi(env.INPUT);
    return guarded(request);
  },
};

export const agent = {
  async fetch(_request, env) {
    const result = await runScenario(env.INPUT, 'https://api.internal', (input, init) =>
      env.API.fetch(new Request(input, init)),
    );
    return Response.json({ runtime: 'workerd', ...result });
  },
};
