// The client part of tools/runtime-scenario.mjs, run inside each runtime: `OutOfSessionApiCall`
// on the runtime's timers and `fetch`. A GET (POST is not retried) with a token provider whose first token the API
// refuses (a tampered signature), to a route whose first answer is a 503 with `Retry-After: 0`:
// the client must wait and retry, renew the token once after the 401 `invalid_token`, and get
// alice's 200; bob's token must end in a typed `ApiCallError` with the API's 403.
import { OutOfSessionApiCall } from '@dual-auth/client';
import { ApiCallError } from '@dual-auth/core';

/** Where the scenario's API serves the route that is busy once. */
export const BUSY_ONCE_PATH = '/keycloak/busy-once';

/** `guarded` behind a 503 `Retry-After: 0` for the first request it gets. */
export function busyOnce(guarded) {
  let busy = true;
  return (request) => {
    if (!busy) return guarded(request);
    busy = false;
    return new Response('busy', { status: 503, headers: { 'retry-after': '0' } });
  };
}

/**
 * Calls `apiUrl` (the busy-once route) as above. `tokens`: alice's token with a tampered
 * signature, alice's and bob's. Resolves with each attempt's status, the token provider's calls,
 * the human the API answered and bob's refusal.
 */
export async function runOutOfSessionCall(apiUrl, tokens, fetch = globalThis.fetch) {
  const statuses = [];
  const counting = async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  const getTokenCalls = [];
  const tokenProvider = {
    getToken: async ({ forceRefresh }) => {
      getTokenCalls.push(forceRefresh === true ? 'refresh' : 'token');
      return forceRefresh === true ? tokens.alice : tokens.tampered;
    },
  };
  const api = new OutOfSessionApiCall({
    allowInsecureLoopback: true,
    retry: { limit: 2 },
    fetch: counting,
  });
  const response = await api.callApi({ apiUrl, tokenProvider });
  const body = await response.json();
  let bobRefusal;
  try {
    const refused = await api.callApi({ apiUrl, tokenResponse: tokens.bob });
    await refused.body?.cancel();
    bobRefusal = { accepted: refused.status };
  } catch (error) {
    await error?.response?.body?.cancel();
    bobRefusal = {
      typed: ApiCallError.isInstance(error),
      reason: error?.reason,
      status: error?.status,
    };
  }
  return { statuses, getTokenCalls, status: response.status, human: body.human, bobRefusal };
}
