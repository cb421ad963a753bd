// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: an API instance that starts (or first needs the JWKS) while the IdP is down, then the
// IdP comes back. The local IdP cannot restart with the same signing key, so the outage is made on
// the guard's injected fetch (it throws as fetch does on ECONNREFUSED): the one mock of this drill.
// Question: 503 while down (Retry-After?), and is the first call after recovery served, or is the
// failure remembered (refused until some cooldown)?
import { createJsonLogger } from '@dual-auth/core';
import { callWith, startKeycloakStack } from './stack.js';

const { idp, alice, adapter, api: apiWith } = await startKeycloakStack();
const token = await adapter.requestToken({
  agentId: 'finance-agent',
  act: { sub: alice.sub },
  scope: ['finance.read'],
});
let down = true;
const lines: string[] = [];
const api = apiWith({
  jwksUri: idp.jwksUrl,
  fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (down)
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    return idp.fetch(input as never, init as never);
  }) as typeof fetch,
  logger: createJsonLogger({ level: 'debug', write: (l) => lines.push(l) }),
});
const call = async (label: string) => {
  const res = await callWith(api, token.accessToken);
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
