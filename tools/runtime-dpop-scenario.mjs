// The DPoP part of tools/runtime-scenario.mjs (RFC 9449), run inside each runtime: the Keycloak
// adapter asks the local IdP for a token bound to the agent's key (a Web Crypto ECDSA key pair,
// not extractable), through a session's token provider; the API demands server nonces; the
// client makes a proof per request with the same prover. Then a proof sent a second time must be
// refused.
import { KeycloakAdapter, keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { InSessionApiCall } from '@dual-auth/client';
import { getConfig } from '@dual-auth/core';
import { createDpopProver } from '@dual-auth/core/dpop';
import { agentHasRole, humanIn } from '@dual-auth/resource';
import { getDualSubject, withDualAuth } from '@dual-auth/resource/fetch';
import { InSessionTokenRequest } from '@dual-auth/session';

/** Where the scenario's API serves the DPoP-guarded route. */
export const DPOP_PATH = '/keycloak/dpop';

/**
 * The API's DPoP-guarded route (`idp`: the Keycloak entry of the scenario's input): admits alice
 * with a token bound to the proof's key, a proof made for this request and the current nonce.
 */
export function createDpopApi(idp) {
  return withDualAuth(
    (request) => {
      const subject = getDualSubject(request);
      return Response.json({ human: subject?.human.sub, agent: subject?.agent.id });
    },
    {
      profile: keycloakTokenProfile,
      issuer: idp.issuer,
      audience: idp.audience,
      jwksUri: idp.jwksUrl,
      agentAllowed: agentHasRole('FinanceAgent'),
      humanAllowed: humanIn(idp.financeUsers),
      dpop: { nonce: { secret: crypto.getRandomValues(new Uint8Array(32)) } },
    },
  );
}

/**
 * alice's call to the DPoP route at `apiUrl`, through `fetch` (the runtime's own unless given),
 * recording each answer's status and DPoP challenge; then the last request sent again as it was
 * (the same proof). Resolves with the token's type, the call's answers and the replay's answer.
 */
export async function runDpop(idp, apiUrl, fetch = globalThis.fetch) {
  const keyPair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
    'sign',
    'verify',
  ]);
  const prover = createDpopProver({ keyPair });
  const config = await getConfig({ vendor: 'keycloak', env: idp.env, plugins: [keycloakPlugin] });
  const adapter = new KeycloakAdapter(config, { dpop: { prover } });
  const tokenProvider = new InSessionTokenRequest({ adapter }).tokenProvider({
    agentId: 'finance-agent',
    act: { sub: idp.alice },
    scope: ['finance.read'],
  });
  const token = await tokenProvider.getToken({});
  const answers = [];
  let last;
  const recording = async (input, init) => {
    const request = new Request(input, init);
    last = { url: request.url, headers: [...request.headers] };
    const response = await fetch(request);
    answers.push({
      status: response.status,
      challenge: response.headers.get('www-authenticate')?.split(',')[0] ?? null,
    });
    return response;
  };
  const response = await new InSessionApiCall({
    allowInsecureLoopback: true,
    fetch: recording,
  }).callApi({ apiUrl, tokenProvider, dpopProof: prover.proof, throwHttpErrors: false });
  const body = await response.json();
  const replay = await fetch(last.url, { headers: last.headers });
  await replay.body?.cancel();
  return {
    tokenType: token.tokenType,
    answers,
    status: response.status,
    human: body.human,
    agent: body.agent,
    replay: {
      status: replay.status,
      challenge: replay.headers.get('www-authenticate')?.split(',')[0] ?? null,
    },
  };
}
