import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, type FlattenedJWSInput, generateKeyPair } from 'jose';
import { expect, it } from 'vitest';
import { createRemoteJwks } from './remote-jwks.js';

// Journey 11 (day-2 operations): an IdP outage longer than the JWKS cache's max age (10 minutes
// in the resource guard) turns into a 503 for every request, valid tokens of long-lived IdPs
// (Auth0 24 h, Okta 1 h) included, although the keys already downloaded are still the IdP's. A
// failed refresh of an expired cache should keep verifying with the keys it has (stale-if-error)
// until the IdP answers again; only an unknown `kid` needs the IdP.
it('keeps the keys it has when a refresh after the max age cannot reach the IdP', async () => {
  const { publicKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  const keys = createRemoteJwks(url, { allowInsecureLoopback: true, cacheMaxAgeMs: 20 });
  const lookup = () => Promise.resolve(keys({ alg: 'ES256', kid: 'k1' }, {} as FlattenedJWSInput));

  await expect(lookup()).resolves.toBeDefined();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve())); // the IdP is down
  await new Promise((resolve) => setTimeout(resolve, 50)); // past the cache's max age

  await expect(lookup()).resolves.toBeDefined();
});
