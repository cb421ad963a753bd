// biome-ignore-all lint/suspicious/noConsole: a drill script reports on stdout
// Journey 11, after the fix: the guard's own jwksUri with a 1 s max age and a 3 s stale bound,
// the outage made on the injected fetch. Counts the JWKS downloads the guard makes for 60
// requests spread over the outage, and the statuses before and after the bound.
import { callWith, startKeycloakStack } from './stack.js';

const { idp, alice, adapter, api: apiWith } = await startKeycloakStack();
const token = await adapter.requestToken({
  agentId: 'finance-agent',
  act: { sub: alice.sub },
  scope: ['finance.read'],
});
let down = false;
let downloads = 0;
const fetchThroughOutage = (async (input: RequestInfo | URL, init?: RequestInit) => {
  downloads += 1;
  if (down) throw new TypeError('fetch failed');
  return idp.fetch(input as never, init as never);
}) as typeof fetch;
const warnings: string[] = [];
const api = apiWith({
  jwksUri: idp.jwksUrl,
  fetch: fetchThroughOutage,
  jwksCacheMaxAgeMs: 1000,
  jwksStaleIfErrorMs: 3000,
  logger: {
    debug() {},
    info() {},
    warn: (event: string, fields?: object) => {
      if (event === 'jwks_refresh_failed') warnings.push(JSON.stringify(fields));
    },
    error() {},
  },
});
const statuses: Record<string, number> = {};
const call = async (label: string) => {
  const res = await callWith(api, token.accessToken);
  await res.text();
  const key = `${label} ${res.status}`;
  statuses[key] = (statuses[key] ?? 0) + 1;
};
await call('IdP up');
down = true;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
await sleep(1100); // past the max age
const start = Date.now();
const before = downloads;
while (Date.now() - start < 2500) {
  await Promise.all(Array.from({ length: 5 }, () => call('down, within the bound')));
  await sleep(200);
}
console.log('downloads during', Date.now() - start, 'ms of outage traffic:', downloads - before);
await sleep(Math.max(0, 4200 - (Date.now() - start) - 1100));
await call('down, past the bound');
console.log(statuses);
console.log('jwks_refresh_failed lines:', warnings.length, warnings[0]);
await idp.close();
