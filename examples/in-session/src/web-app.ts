import { InSessionApiCall } from '@dual-auth/client';
import { createAdapter } from '@dual-auth/core';
import { HybridSender, InSessionTokenRequest, UserSession } from '@dual-auth/session';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { adapterPlugins } from './adapter-plugins.js';

/**
 * The web app and its in-session agent: `POST /login` `{ "username": "alice" }` signs a human in,
 * `GET /balance` has the agent fetch the balance for that human. The agent's token carries the
 * agent (its client credentials) and the human (`act`, handed over in memory); the answer is the
 * finance API's, status included.
 *
 * @param env - the IdP's variables (`DUAL_AUTH_VENDOR`, its token URL, `AGENT_CLIENT_ID`,
 *   `AGENT_CLIENT_SECRET`…), `FINANCE_API_URL`, and the stand-in login's `HUMAN_<NAME>_SUB` and
 *   `HUMAN_<NAME>_EMAIL`.
 */
export async function createWebApp(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Hono> {
  const agentId = env.AGENT_CLIENT_ID ?? 'finance-agent';
  const apiUrl = env.FINANCE_API_URL ?? 'https://127.0.0.1:8444/api/balance';
  const tokens = new InSessionTokenRequest({
    adapter: await createAdapter(undefined, { env, plugins: adapterPlugins }),
  });
  const api = new InSessionApiCall();
  const sender = new HybridSender();
  const sessions = new Map<string, UserSession>();

  const app = new Hono();
  // Stand-in for your OIDC login: it trusts the username. With a real IdP, build the UserSession
  // from the verified ID token's claims (sub, email, oid) instead.
  app.post('/login', async (c) => {
    const { username } = await c.req.json<{ username?: unknown }>();
    const key = typeof username === 'string' ? username.toUpperCase() : '';
    const sub = env[`HUMAN_${key}_SUB`];
    if (sub === undefined) return c.json({ error: 'unknown_user' }, 401);
    const sessionId = crypto.randomUUID();
    sessions.set(
      sessionId,
      new UserSession({ userId: sub, userEmail: env[`HUMAN_${key}_EMAIL`] ?? '' }),
    );
    setCookie(c, 'sid', sessionId, { httpOnly: true, secure: true, sameSite: 'Strict' });
    return c.json({ signedIn: sub });
  });
  app.get('/balance', async (c) => {
    const session = sessions.get(getCookie(c, 'sid') ?? '');
    if (session === undefined) return c.json({ error: 'not_signed_in' }, 401);
    const act = sender.extractActFromSession(session);
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
  });
  return app;
}
