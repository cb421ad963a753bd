import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { ConfigurationError } from '@dual-auth/core';
import { requestTokenEndpoint, tlsTrustFailure } from '@dual-auth/core/adapter-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestCa, startHttpsServer, type TestHttpsServer } from './index.js';

// core's TLS classifier against real certificate failures: a server whose CA this runtime does
// not trust, and a trusted certificate issued for another host name. (Core cannot depend on this
// package, so the test lives here.)

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function untrustedServer(): Promise<TestHttpsServer> {
  const server = await startHttpsServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ access_token: 'AT' }));
  });
  closers.push(() => server.close());
  return server;
}

/** A server whose certificate, from a CA the returned fetch trusts, names another host. */
async function wrongNameServer(): Promise<{ url: string; fetch: TestHttpsServer['fetch'] }> {
  const ca = await createTestCa();
  const { certPem, keyPem } = await ca.issueServerCertificate({ hostnames: ['idp.other.test'] });
  const server: Server = createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const trusting = await startHttpsServer((_req, res) => res.end(), { ca });
  closers.push(
    () => trusting.close(),
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `https://127.0.0.1:${port}/token`, fetch: trusting.fetch };
}

function request(url: string, fetch: typeof globalThis.fetch, calls: string[]) {
  return requestTokenEndpoint({
    vendor: 'keycloak',
    label: 'Keycloak',
    tokenUrl: url,
    buildForm: () => [['grant_type', 'client_credentials']],
    messages: { byStatus: {}, other: ({ status }) => `error (${status})` },
    fetch: (input, init) => {
      calls.push('fetch');
      return fetch(input, init);
    },
    sleep: async (ms) => {
      calls.push(`sleep ${ms}`);
    },
  });
}

describe('tlsTrustFailure on real TLS failures', () => {
  it('classifies an untrusted CA as it comes out of fetch', async () => {
    const server = await untrustedServer();
    const error = await fetch(`${server.url}/`).catch((e: unknown) => e);
    expect(tlsTrustFailure(error)).toMatchObject({
      code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)$/),
      advice: expect.stringContaining('NODE_EXTRA_CA_CERTS=/path/ca.pem'),
    });
  });

  it('fails the token request at once with a ConfigurationError saying how to trust the CA', async () => {
    const server = await untrustedServer();
    const calls: string[] = [];
    const error = await request(`${server.url}/token`, globalThis.fetch, calls).catch(
      (e: unknown) => e,
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as ConfigurationError).message).toMatch(
      /^TLS certificate check failed connecting to Keycloak \((UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\): .*NODE_EXTRA_CA_CERTS=\/path\/ca\.pem.*or pass a fetch that trusts it/,
    );
    expect((error as ConfigurationError).variable).toBe('NODE_EXTRA_CA_CERTS');
    expect(calls).toEqual(['fetch']);
  });

  it('is a configuration error for a certificate issued to another host name', async () => {
    const { url, fetch } = await wrongNameServer();
    const calls: string[] = [];
    const error = await request(url, fetch, calls).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('(ERR_TLS_CERT_ALTNAME_INVALID)');
    expect((error as Error).message).toContain('does not name this host');
    expect(calls).toEqual(['fetch']);
  });

  it('gets the token once the CA is trusted', async () => {
    const server = await untrustedServer();
    const calls: string[] = [];
    expect(await request(`${server.url}/token`, server.fetch, calls)).toEqual({
      access_token: 'AT',
    });
  });
});
