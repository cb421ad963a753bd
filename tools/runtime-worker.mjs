// workerd's side of tools/check-runtimes.mjs, bundled by it with esbuild as a Workers bundler
// does. The `agent` entrypoint runs the agent side when check-runtimes.mjs requests it, against
// the `api` entrypoint (the scenario's API) through the service binding `API`, and answers the
// result as JSON. `INPUT` (a JSON binding) holds the IdP's URLs and the agent's env; the IdP is
// reached through workerd's network service, which trusts the local IdP's CA. The `context`
// entrypoint runs in a second Worker, `LEGACY`, on a compatibility date without `process` and no
// compatibility flags, as an older Workers project: runWithAct there must refuse with an error
// naming the nodejs_compat flag.
import { currentAct, runWithAct } from '@dual-auth/session/context';
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
    const withoutCompat = await (await env.LEGACY.fetch('https://legacy.internal/')).json();
    return Response.json({ runtime: 'workerd', ...result, withoutCompat });
  },
};

export const context = {
  async fetch() {
    try {
      return Response.json({
        ran: await runWithAct({ sub: 'u-1' }, async () => currentAct()?.sub),
      });
    } catch (error) {
      return Response.json({ name: error?.name, message: error?.message });
    }
  },
};
