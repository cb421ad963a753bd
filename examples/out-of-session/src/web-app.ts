import { HybridSender, UserSession } from '@dual-auth/session';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/**
 * The web app: `POST /login` `{ "username": "alice" }` signs a human in; `GET /balance` signs
 * that human into an act JWT (RS256 with the app's private key, `aud` = the agent's URL, 60 s,
 * single-use `jti`) and posts it to the agent service, answering with what the agent answered.
 *
 * @param env - `APP_PRIVATE_KEY` (PEM), `AGENT_URL`, and the stand-in login's `HUMAN_<NAME>_SUB`
 *   and `HUMAN_<NAME>_EMAIL`.
 */
export function createWebApp(env: Readonly<Record<string, string | undefined>>): Hono {
  const agentUrl = env.AGENT_URL ?? 'https://127.0.0.1:8446/invoke';
  const sender = new HybridSender({ privateKey: env.APP_PRIVATE_KEY ?? 'set APP_PRIVATE_KEY' });
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
    const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: agentUrl });
    const response = await fetch(agentUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ act_jwt: actJwt }),
    });
    return new Response(response.body, {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  });
  return app;
}
