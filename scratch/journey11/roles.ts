// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// biome-ignore-all lint/style/noNonNullAssertion: a drill script fails loudly on a missing value
// biome-ignore-all lint/suspicious/noUndeclaredEnvVars: drill settings come from the environment
// Journey 11 (day-2 operations): the API and agent processes of the incident drill, written from
// the READMEs. Run through tools/run-source.mjs: `node tools/run-source.mjs scratch/journey11/roles.ts api|agent`.
// Every process logs JSON lines (DUAL_AUTH_LOG-style, via setDefaultLogger) on stdout.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:https';
import { keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { InSessionApiCall } from '@dual-auth/client';
import { createAdapter, createJsonLogger, setDefaultLogger } from '@dual-auth/core';
import { agentHasRole, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { getDualSubject, withDualAuth } from '@dual-auth/resource/fetch';
import {
  HybridSender,
  InSessionTokenRequest,
  SingleFlightTokenCache,
  UserSession,
} from '@dual-auth/session';
import {
  createRedisClient,
  RedisDelegationCutoffStore,
  RedisTokenCache,
} from '@dual-auth/store-redis';

const role = process.argv[2];
const env = process.env;
const need = (name: string): string => {
  const value = env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
};
setDefaultLogger(
  createJsonLogger({ level: 'debug', base: { service: `${role}:${env.NAME ?? ''}` } }),
);
process.on('unhandledRejection', (reason) => {
  console.log(JSON.stringify({ event: 'UNHANDLED_REJECTION', reason: String(reason) }));
});
process.on('uncaughtException', (error) => {
  console.log(JSON.stringify({ event: 'UNCAUGHT_EXCEPTION', error: String(error) }));
});

const handles = () =>
  console.log(
    JSON.stringify({
      event: 'ACTIVE_RESOURCES',
      at: Date.now(),
      list: process.getActiveResourcesInfo(),
    }),
  );

if (role === 'api') {
  const client = createRedisClient({ url: need('REDIS_URL') });
  const guard = createDualAuthGuard({
    profile: keycloakTokenProfile,
    issuer: need('IDP_ISSUER'),
    audience: need('IDP_AUDIENCE'),
    jwksUri: need('IDP_JWKS_URL'),
    agentAllowed: agentHasRole('FinanceAgent'),
    humanAllowed: humanIn(need('API_HUMANS').split(',')),
    cutoffStore: new RedisDelegationCutoffStore({ client }),
  });
  const handler = withDualAuth(
    (request: Request) =>
      Response.json({ balance: 1, forHuman: getDualSubject(request)?.human.sub }),
    guard,
  );
  const toRequest = (req: IncomingMessage): Request => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    }
    return new Request(`https://127.0.0.1${req.url}`, { method: req.method, headers });
  };
  const server = createServer(
    { cert: readFileSync(need('TLS_CERT_FILE')), key: readFileSync(need('TLS_KEY_FILE')) },
    async (req: IncomingMessage, res: ServerResponse) => {
      const response = await handler(toRequest(req));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    },
  );
  server.listen(Number(need('PORT')), '127.0.0.1', () =>
    console.log(JSON.stringify({ event: 'API_READY' })),
  );
  process.once('SIGTERM', async () => {
    const t0 = Date.now();
    console.log(JSON.stringify({ event: 'SIGTERM', at: t0 }));
    server.close(() =>
      console.log(JSON.stringify({ event: 'SERVER_CLOSED', ms: Date.now() - t0 })),
    );
    server.closeIdleConnections();
    await client.close();
    console.log(JSON.stringify({ event: 'REDIS_CLOSED', ms: Date.now() - t0 }));
    setTimeout(handles, 200).unref();
  });
} else if (role === 'agent') {
  const client = createRedisClient({ url: need('REDIS_URL') });
  const adapter = await createAdapter(undefined, { plugins: [keycloakPlugin] });
  const cache = new SingleFlightTokenCache({
    store: new RedisTokenCache({ client, encryptionKeys: [{ id: 'k1', key: need('TOKEN_KEY') }] }),
  });
  const inSession = new InSessionTokenRequest({ adapter, cache });
  const act = new HybridSender().extractActFromSession(
    new UserSession({
      userId: need('HUMAN_SUB'),
      userEmail: need('HUMAN_EMAIL'),
      userName: need('HUMAN_NAME'),
    }),
  );
  const tokenProvider = inSession.tokenProvider({
    agentId: 'finance-agent',
    act,
    scope: ['finance.read'],
  });
  const api = new InSessionApiCall({ totalTimeoutMs: 30_000 });
  let stopping = false;
  const stop = new AbortController();
  let bucket: Record<string, number> = {};
  const tick = setInterval(() => {
    console.log(JSON.stringify({ event: 'SUMMARY', at: Date.now(), ...bucket }));
    bucket = {};
  }, 1000);
  const worker = async (): Promise<void> => {
    while (!stopping) {
      const t0 = Date.now();
      try {
        const response = await api.callApi({
          apiUrl: need('API_URL'),
          tokenProvider,
          signal: stop.signal,
        });
        bucket[`ok_${response.status}`] = (bucket[`ok_${response.status}`] ?? 0) + 1;
      } catch (error) {
        const e = error as Error & { status?: number; reason?: string; code?: string };
        const key = `err_${e.name}_${e.status ?? e.code ?? e.reason ?? ''}`;
        bucket[key] = (bucket[key] ?? 0) + 1;
        console.log(
          JSON.stringify({
            event: 'CALL_FAILED',
            at: Date.now(),
            ms: Date.now() - t0,
            name: e.name,
            status: e.status,
            message: e.message,
            cause: String((e as { cause?: unknown }).cause ?? ''),
          }),
        );
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const workers = Promise.all([worker(), worker()]);
  process.once('SIGTERM', async () => {
    const t0 = Date.now();
    console.log(JSON.stringify({ event: 'SIGTERM', at: t0 }));
    stopping = true;
    stop.abort(new Error('SIGTERM'));
    await workers;
    clearInterval(tick);
    console.log(JSON.stringify({ event: 'WORKERS_DONE', ms: Date.now() - t0 }));
    await client.close();
    console.log(JSON.stringify({ event: 'REDIS_CLOSED', ms: Date.now() - t0 }));
    setTimeout(handles, 200).unref();
  });
} else {
  throw new Error('role: api | agent');
}
