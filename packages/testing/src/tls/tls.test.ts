import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createTestCa,
  createTrustingDispatcher,
  createTrustingFetch,
  startHttpsServer,
  type TestHttpsServer,
} from './index.js';

const servers: TestHttpsServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(...args: Parameters<typeof startHttpsServer>) {
  const server = await startHttpsServer(...args);
  servers.push(server);
  return server;
}

describe('createTestCa', () => {
  it('issues a server certificate for loopback names, signed by the CA', async () => {
    const ca = await createTestCa();
    const { certPem, keyPem } = await ca.issueServerCertificate();
    const cert = new X509Certificate(certPem);
    const caCert = new X509Certificate(ca.caPem);
    expect(caCert.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });

  it('honours custom hostnames and rejects bad ones', async () => {
    const ca = await createTestCa();
    const cert = new X509Certificate(
      (await ca.issueServerCertificate({ hostnames: ['vault.test', '10.0.0.1', '2001:db8::1'] }))
        .certPem,
    );
    expect(cert.checkHost('vault.test')).toBe('vault.test');
    expect(cert.checkIP('10.0.0.1')).toBe('10.0.0.1');
    expect(cert.checkIP('2001:db8::1')).toBe('2001:db8::1');
    expect(cert.checkIP('127.0.0.1')).toBeUndefined();
    await expect(ca.issueServerCertificate({ hostnames: [''] })).rejects.toThrow(TypeError);
    await expect(ca.issueServerCertificate({ hostnames: ['1::2::3'] })).rejects.toThrow(TypeError);
    await expect(ca.issueServerCertificate({ hostnames: [] })).rejects.toThrow(TypeError);
  });
});

describe('startHttpsServer', () => {
  it('serves over TLS to the trusting fetch, with string, URL and Request inputs', async () => {
    const server = await start(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, body }));
    });
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`);

    const viaString = await server.fetch(`${server.url}/a`);
    expect(await viaString.json()).toEqual({ method: 'GET', url: '/a', body: '' });

    const viaUrl = await server.fetch(new URL('/b', server.url), { method: 'POST', body: 'x=1' });
    expect(await viaUrl.json()).toEqual({ method: 'POST', url: '/b', body: 'x=1' });

    const request = new Request(`${server.url}/c`, { method: 'PUT', body: 'hello' });
    expect(await (await server.fetch(request)).json()).toEqual({
      method: 'PUT',
      url: '/c',
      body: 'hello',
    });
  });

  it('is not trusted by a fetch that trusts a different CA', async () => {
    const server = await start((_req, res) => res.end('ok'));
    const otherCa = await createTestCa();
    const stranger = createTrustingFetch(otherCa.caPem);
    try {
      await expect(stranger(`${server.url}/`)).rejects.toThrow();
    } finally {
      await stranger.dispatcher.destroy();
    }
  });

  it('shares a given CA across servers', async () => {
    const ca = await createTestCa();
    const one = await start((_req, res) => res.end('one'), { ca });
    const two = await start((_req, res) => res.end('two'), { ca });
    expect(two.ca).toBe(ca);
    expect(await (await one.fetch(`${two.url}/`)).text()).toBe('two');
  });

  it('turns a throwing handler into a 500', async () => {
    const server = await start(() => {
      throw new Error('boom');
    });
    const res = await server.fetch(`${server.url}/`);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('internal error');
  });

  it('close() ends a request that never gets an answer and frees the port', async () => {
    const server = await startHttpsServer(() => {});
    const pending = server.fetch(`${server.url}/hang`);
    const settled = pending.then(
      () => 'resolved',
      () => 'rejected',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The request never gets an answer: a close() that waited for it would never return and the
    // test would time out, however fast or slow the machine is.
    await server.close();
    expect(await settled).toBe('rejected');
    await server.close();
  });

  it('listens on the port it is given, and refuses one out of range', async () => {
    const first = await startHttpsServer((_req, res) => res.end('ok'));
    const { port } = first;
    await first.close();
    const server = await startHttpsServer((_req, res) => res.end('ok'), { port });
    try {
      expect(server.url).toBe(`https://127.0.0.1:${port}`);
      expect(await (await server.fetch(`${server.url}/`)).text()).toBe('ok');
    } finally {
      await server.close();
    }
    await expect(startHttpsServer(() => {}, { port: 65_536 })).rejects.toThrow(
      'startHttpsServer: port must be an integer from 0 to 65535',
    );
  });

  it('rejects wrong argument types with TypeError', async () => {
    await expect(startHttpsServer('nope' as never)).rejects.toThrow(TypeError);
    expect(() => createTrustingFetch('not a pem')).toThrow(TypeError);
    expect(() => createTrustingDispatcher(42 as never)).toThrow(TypeError);
  });
});
