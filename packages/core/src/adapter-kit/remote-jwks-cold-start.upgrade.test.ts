import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, type FlattenedJWSInput, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createRemoteJwks } from './remote-jwks.js';

// Upgrade review (session 11, upg12): on main, createRemoteJwks was jose's createRemoteJWKSet,
// which downloads on every lookup while no key is held yet. An API whose pods start before the
// IdP answers (Kubernetes starting both together) recovered at the first request after the IdP
// came up. int16 retries a failed first download only once per `cooldownMs` (30 s, and the
// guard has no option to shorten it), so every valid token is refused 503 for up to 30 s after
// the IdP is back. The IdP is a real loopback server; the clock is injected.

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startIdp(port: number): Promise<void> {
  const jwk = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'k1' };
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [{ ...jwk, alg: 'ES256' }] }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

describe('createRemoteJwks upgrading from main: an IdP not yet up at start', () => {
  it('verifies at the first request after the IdP comes up (main: jose fetched while no key was held)', async () => {
    const port = await freePort();
    const time = { now: 1_000_000 };
    const keys = createRemoteJwks(`http://127.0.0.1:${port}/jwks`, {
      allowInsecureLoopback: true,
      clock: { now: () => time.now },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
    });
    const lookup = () =>
      Promise.resolve(keys({ alg: 'ES256', kid: 'k1' }, {} as FlattenedJWSInput));
    // The pod's first request: the IdP is not listening yet.
    await expect(lookup()).rejects.toBeDefined();
    await startIdp(port);
    time.now += 2_000; // the next request, two seconds later, with the IdP ready
    await expect(lookup()).resolves.toBeDefined();
  });
});

describe('createRemoteJwks upgrading from main: option values jose took', () => {
  it('accepts cacheMaxAgeMs: Infinity (jose: "Infinity to never expire")', () => {
    expect(() =>
      createRemoteJwks('https://idp.example.com/jwks', { cacheMaxAgeMs: Number.POSITIVE_INFINITY }),
    ).not.toThrow();
  });
  it('accepts a cacheMaxAgeMs of 30 days (no timer is armed with it)', () => {
    expect(() =>
      createRemoteJwks('https://idp.example.com/jwks', { cacheMaxAgeMs: 30 * 24 * 3_600_000 }),
    ).not.toThrow();
  });
});
