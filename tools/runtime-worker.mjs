// workerd's side of tools/check-runtimes.mjs, bundled by it with esbuild as a Workers bundler
// does. The `agent` entrypoint runs the agent side when check-runtimes.mjs requests it, against
// the `api` entrypoint (the scenario's API) through the service binding `API`, and answers the
// result as JSON. `INPUT` (a JSON binding) holds the IdP's URLs and the agent's env; the IdP is
// reached through workerd's network service, which trusts the local IdP's CA. A second Worker
// runs this bundle on a compatibility date without `process` and no compatibility flags, as an
// older Workers project without nodejs_compat: its `api` entrypoint (`LEGACY_API`) serves the
// Keycloak API the agent calls again, and its `context` entrypoint (`LEGACY`) answers what
// runWithAct there threw (an error naming the nodejs_compat flag).
import { currentAct, runWithAct } from '@dual-auth/session/context';
import { createApi, runScenario, runVendor } from './runtime-scenario.mjs';

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
    const withoutCompat = {
      keycloak: await runVendor(
        'keycloak',
        env.INPUT.vendors.keycloak,
        'https://legacy.internal/keycloak/api',
        (input, init) => env.LEGACY_API.fetch(new Request(input, init)),
      ),
      runWithAct: await (await env.LEGACY.fetch('https://legacy.internal/')).json(),
    };
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
