// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11: an IdP outage longer than the API's JWKS cache (10 minutes by default, per the
// resource README). Does the guard keep verifying with the keys it already has, or does every
// request become a 503 once the cache is older than its max age? The max age is shortened to 1 s
// through core's createRemoteJwks (the guard's own jwksUri takes no max age; found in src), and
// the outage is made on the injected fetch (the local IdP cannot restart with the same key).
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import { callWith, startKeycloakStack } from './stack.js';

const { idp, alice, adapter, api: apiWith } = await startKeycloakStack();
const token = await adapter.requestToken({
  agentId: 'finance-agent',
  act: { sub: alice.sub },
  scope: ['finance.read'],
});
let down = false;
const fetchThroughOutage = (async (input: RequestInfo | URL, init?: RequestInit) => {
  if (down) throw new TypeError('fetch failed');
  return idp.fetch(input as never, init as never);
}) as typeof fetch;
const api = apiWith({
  keys: createRemoteJwks(idp.jwksUrl, { fetch: fetchThroughOutage, cacheMaxAgeMs: 1000 }),
});
const call = async (label: string) => {
  const res = await callWith(api, token.accessToken);
  console.log(label, res.status, await res.text());
};
await call('IdP up, keys downloaded:');
down = true;
await call('IdP down, cache fresh:');
await new Promise((r) => setTimeout(r, 1500));
await call('IdP down, cache older than its max age:');
await idp.close();
