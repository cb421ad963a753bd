// The Deno part of tools/runtime-scenario.mjs: check-runtimes.mjs runs Deno with
// `--allow-net=127.0.0.1`, so a URL naming `localhost` is one Deno refuses to fetch (it checks the
// host as written, before resolving it), throwing `NotCapable` and not a TypeError. The token
// request, the API call and the JWKS download must each say so, with the `--allow-net` flag to
// pass, instead of "no answer" (retried), "unexpected error" or a bare `unreachable`. A token
// request whose custom fetch reads a file outside `--allow-read` must name `--allow-read`.
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { InSessionApiCall } from '@dual-auth/client';
import { createAdapter, createDualSubjectToken } from '@dual-auth/core';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';

/** `url` with its host written `localhost`: the same server, a host Deno was not allowed. */
function onLocalhost(url) {
  const moved = new URL(url);
  moved.hostname = 'localhost';
  return moved.href;
}

/**
 * On Deno only (else `undefined`): what the refused token request, API call and JWKS download of
 * the Keycloak `input` said, and the token request whose fetch Deno refused to read a file. Resolves
 * with `{ host, token, api, jwks, read }`, each message or advice.
 */
export async function refusedNetAccess(input) {
  if (globalThis.Deno === undefined) return undefined;
  const tokenUrl = onLocalhost(input.env.KEYCLOAK_TOKEN_URL);
  const host = new URL(tokenUrl).host;
  const said = (error) => `${error?.name}: ${error?.message}`;
  const adapter = await createAdapter(undefined, {
    env: { ...input.env, KEYCLOAK_TOKEN_URL: tokenUrl },
    plugins: [keycloakPlugin],
  });
  const token = await adapter
    .requestToken({ agentId: 'finance-agent', act: { sub: input.alice }, scope: ['finance.read'] })
    .then(() => 'a token', said);
  const api = await new InSessionApiCall({ retry: false })
    .callApi({
      apiUrl: `https://${host}/api`,
      tokenResponse: createDualSubjectToken({
        accessToken: 'opaque',
        tokenType: 'Bearer',
        expiresIn: 300,
        issuedAt: Date.now(),
      }),
    })
    .then(() => 'an answer', said);
  const warnings = [];
  const ignore = () => undefined;
  const logger = { debug: ignore, info: ignore, error: ignore, warn: (_, f) => warnings.push(f) };
  await createRemoteJwks(onLocalhost(input.jwksUrl), { logger })(
    { alg: 'RS256', kid: 'k' },
    {},
  ).catch(ignore);
  // A custom fetch that reads a file first (a client certificate, say) outside --allow-read: Deno
  // refuses read access, which the token request must name with --allow-read, not --allow-net.
  const reading = await createAdapter(undefined, {
    env: input.env,
    plugins: [keycloakPlugin],
    fetch: async (url, init) => {
      await Deno.readTextFile('/dual-auth-runtime-check/client-cert.pem');
      return fetch(url, init);
    },
  });
  const read = await reading
    .requestToken({ agentId: 'finance-agent', act: { sub: input.alice }, scope: ['finance.read'] })
    .then(() => 'a token', said);
  return { host, token, api, jwks: warnings[0]?.advice, read };
}
