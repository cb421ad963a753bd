// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: an API instance that starts (or first needs the JWKS) while the IdP is down, then the
// IdP comes back. The local IdP cannot restart with the same signing key, so the outage is made on
// the guard's injected fetch (it throws as fetch does on ECONNREFUSED): the one mock of this drill.
// Question: 503 while down (Retry-After?), and is the first call after recovery served, or is the
// failure remembered (refused until some cooldown)?
import { keycloakPlugin, keycloakTokenProfile } from '@dual-auth/adapter-keycloak';
import { createAdapter, createJsonLogger } from '@dual-auth/core';
import { agentHasRole, createDualAuthGuard, humanIn } from '@dual-auth/resource';
import { withDualAuth } from '@dual-auth/resource/fetch';
import { startLocalIdp } from '@dual-auth/testing';

const idp = await startLocalIdp({ vendor: 'keycloak' });
const alice = [...idp.humans.values()][0] as { sub: string };
const adapter = await createAdapter(undefined, {
  plugins: [keycloakPlugin],
  env: idp.env(),
  adapterOptions: { fetch: idp.fetch },
} as never);
const token = await adapter.requestToken({
  agentId: 'finance-agent',
  act: { sub: alice.sub },
  scope: ['finance.read'],
});
let down = true;
const lines: string[] = [];
const guard = createDualAuthGuard({
  profile: keycloakTokenProfile,
  issuer: idp.issuer,
  audience: idp.audience,
  jwksUri: idp.jwksUrl,
  fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (down)
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    return idp.fetch(input as never, init as never);
  }) as typeof fetch,
  agentAllowed: agentHasRole('FinanceAgent'),
  humanAllowed: humanIn([alice.sub]),
  logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }),
});
const api = withDualAuth(() => Response.json({ ok: true }), guard);
const call = async (label: string) => {
  const res = await api(
    new Request('https://api.example/b', {
      headers: { authorization: `Bearer ${token.accessToken}` },
    }),
  );
  console.log(label, res.status, 'retry-after', res.headers.get('retry-after'), await res.text());
};
await call('IdP down, first call:');
await call('IdP down, second call:');
down = false;
await call('IdP back, first call:');
await new Promise((r) => setTimeout(r, 1000));
await call('IdP back, +1 s:');
for (const l of lines)
  if (!l.includes('"authorized"'))
    console.log('  log', l.replace(/"request_id":"[^"]*",/, '').slice(0, 420));
await idp.close();
