// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11: today's session, client, resource and adapter over whatever @dual-auth/core resolves
// (run with run-mixed.mjs for the 0.1.0 core). In-session token → API call → guard, against the
// local IdP; prints each step's outcome, so a mixed install's failure (or silence) is visible.
import * as core from '@dual-auth/core';
import { startLocalIdp } from '@dual-auth/testing';

const step = async (label: string, fn: () => Promise<unknown>) => {
  try {
    const value = await fn();
    console.log(
      'OK  ',
      label,
      typeof value === 'string' || typeof value === 'number' ? String(value).slice(0, 120) : '',
    );
    return value;
  } catch (error) {
    const e = error as Error;
    console.log('FAIL', label, e.name, '|', e.message.split('\n')[0]);
    return undefined;
  }
};
console.log(
  'core exports:',
  Object.keys(core).length,
  'version',
  (core as { VERSION?: string }).VERSION ?? '(none)',
);
const idp = await startLocalIdp({ vendor: 'keycloak' });
const alice = [...idp.humans.values()][0]!;
const kc = (await step(
  'import @dual-auth/adapter-keycloak',
  () => import('@dual-auth/adapter-keycloak'),
)) as typeof import('@dual-auth/adapter-keycloak') | undefined;
const keycloakTokenProfile = kc?.keycloakTokenProfile as never;
const adapter = kc
  ? ((await step('createAdapter', () =>
      core.createAdapter(undefined, {
        plugins: [kc.keycloakPlugin],
        env: idp.env(),
        adapterOptions: { fetch: idp.fetch },
      } as never),
    )) as core.IamAdapter | undefined)
  : undefined;
const session = await step('import @dual-auth/session', () => import('@dual-auth/session'));
const client = await step('import @dual-auth/client', () => import('@dual-auth/client'));
const resource = await step('import @dual-auth/resource', () => import('@dual-auth/resource'));
const fetchMw = await step(
  'import @dual-auth/resource/fetch',
  () => import('@dual-auth/resource/fetch'),
);
const redis = await step('import @dual-auth/store-redis', () => import('@dual-auth/store-redis'));
if (adapter && session && client && resource && fetchMw) {
  const s = session as typeof import('@dual-auth/session');
  const act = new s.HybridSender().extractActFromSession(new s.UserSession({ userId: alice.sub }));
  const inSession = new s.InSessionTokenRequest({ adapter });
  const token = (await step('InSessionTokenRequest.requestToken', () =>
    inSession.requestToken({ agentId: 'finance-agent', act, scope: ['finance.read'] }),
  )) as core.DualSubjectToken | undefined;
  const r = resource as typeof import('@dual-auth/resource');
  const m = fetchMw as typeof import('@dual-auth/resource/fetch');
  const guardOptions = {
    profile: keycloakTokenProfile,
    issuer: idp.issuer,
    audience: idp.audience,
    jwksUri: idp.jwksUrl,
    fetch: idp.fetch,
    agentAllowed: r.agentHasRole('FinanceAgent'),
    humanAllowed: r.humanIn([alice.sub]),
  };
  const api = (await step('withDualAuth', async () =>
    m.withDualAuth(() => Response.json({ ok: true }), guardOptions),
  )) as ((req: Request) => Promise<Response>) | undefined;
  if (token && api) {
    await step('guard: valid token', async () => {
      const res = await api(
        new Request('https://api.example/b', {
          headers: { authorization: `Bearer ${token.accessToken}` },
        }),
      );
      return `${res.status} ${await res.text()}`;
    });
    await step('guard: tampered token', async () => {
      const res = await api(
        new Request('https://api.example/b', {
          headers: { authorization: `Bearer ${token.accessToken.slice(0, -4)}AAAA` },
        }),
      );
      return `${res.status} ${await res.text()}`;
    });
    const c = client as typeof import('@dual-auth/client');
    await step('InSessionApiCall against a stub (fetch injected)', async () => {
      const call = new c.InSessionApiCall({ fetch: async () => Response.json({ ok: true }) });
      const res = await call.callApi({
        apiUrl: 'https://api.example/b',
        tokenProvider: inSession.tokenProvider({
          agentId: 'finance-agent',
          act,
          scope: ['finance.read'],
        }),
      });
      return res.status;
    });
  }
  await step('store-redis: RedisReplayStore constructor', async () => {
    const rs = redis as typeof import('@dual-auth/store-redis');
    const clientR = rs.createRedisClient({ url: 'redis://127.0.0.1:1' });
    const store = new rs.RedisReplayStore({ client: clientR, timeoutMs: 200 });
    const out = await store
      .claim('x', Date.now() + 1000)
      .catch((e: Error) => `${e.name}: ${e.message}`);
    await clientR.close().catch(() => {});
    return out;
  });
}
await idp.close();
