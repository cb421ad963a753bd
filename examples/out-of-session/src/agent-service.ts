import { OutOfSessionApiCall } from '@dual-auth/client';
import { ActVerificationError, createAdapter } from '@dual-auth/core';
import { OutOfSessionTokenRequest } from '@dual-auth/session';
import { adapterPlugins } from './adapter-plugins.js';

/**
 * The agent as its own service: `POST /invoke` `{ "act_jwt": "…" }` (the guide's convention). It
 * verifies the web app's act JWT (signature with the app's public key, issuer, audience = its own
 * URL, expiry, single-use `jti`), asks the IdP for a token carrying itself and that human, calls the
 * finance API and answers with the API's status and body. A refused act JWT is a 400 with the
 * typed reason (`expired`, `replayed`, `wrong_audience`…).
 *
 * @param env - the IdP's variables, `APP_PUBLIC_KEY` (PEM), `AGENT_URL` (its public URL, the act
 *   JWTs' audience) and `FINANCE_API_URL`.
 */
export async function createAgentService(
  env: Readonly<Record<string, string | undefined>>,
): Promise<(request: Request) => Promise<Response>> {
  const agentId = env.AGENT_CLIENT_ID ?? 'finance-agent';
  const agentUrl = env.AGENT_URL ?? 'https://127.0.0.1:8446/invoke';
  const apiUrl = env.FINANCE_API_URL ?? 'https://127.0.0.1:8444/api/balance';
  const tokens = new OutOfSessionTokenRequest({
    adapter: await createAdapter(undefined, { env, plugins: adapterPlugins }),
    publicKey: env.APP_PUBLIC_KEY ?? 'set APP_PUBLIC_KEY',
  });
  const api = new OutOfSessionApiCall();
  return async (request) => {
    if (request.method !== 'POST' || new URL(request.url).pathname !== '/invoke') {
      return Response.json({ error: 'not_found' }, { status: 404 });
    }
    const { act_jwt: actJwt } = (await request.json()) as { act_jwt?: unknown };
    let act: Awaited<ReturnType<typeof tokens.receiveAndVerifyActJwt>>;
    try {
      act = await tokens.receiveAndVerifyActJwt(actJwt as string, { expectedAudience: agentUrl });
    } catch (error) {
      if (!ActVerificationError.isInstance(error)) throw error;
      return Response.json({ error: 'invalid_act_jwt', reason: error.reason }, { status: 400 });
    }
    const token = await tokens.requestToken({ agentId, act, scope: ['finance.read'] });
    const response = await api.callApi({
      method: 'GET',
      apiUrl,
      tokenResponse: token,
      throwHttpErrors: false,
      identity: { agentId, humanId: act.sub },
    });
    return new Response(response.body, {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}
