import { connect, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultSecretsBackend } from './vault-secrets-backend.js';

// The Vault transport (our own axios) against what sits on the path: a compressed answer that
// inflates far past the cap, and an HTTPS_PROXY from the environment, which axios reads itself.

const TOKEN = 'hvs.transport-attack-test-only-token';
const https: TestHttpsServer[] = [];
const proxies: { server: Server; sockets: Set<Socket> }[] = [];

afterEach(async () => {
  await Promise.all(https.splice(0).map((server) => server.close()));
  for (const { server, sockets } of proxies.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

function backendAt(vault: TestHttpsServer, address = vault.url): VaultSecretsBackend {
  https.push(vault);
  return new VaultSecretsBackend({
    env: { VAULT_ADDR: address, VAULT_TOKEN: TOKEN },
    caPem: vault.ca.caPem,
    timeoutMs: 20_000,
    logger: createRecordingLogger(),
  });
}

function settle(backend: VaultSecretsBackend): Promise<{ value: string } | { error: unknown }> {
  return backend.getSecret('AGENT_CLIENT_SECRET').then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

/**
 * A CONNECT proxy on loopback that tunnels to the port asked for, recording the first bytes each
 * client sent it (a CONNECT line, or a whole request when a client sends one in the clear).
 */
async function startConnectProxy(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createNetServer((client) => {
    sockets.add(client);
    client.once('data', (first) => {
      const text = first.toString('latin1');
      seen.push(text);
      const target = /^CONNECT [^:]+:(\d+) /.exec(text);
      if (target === null) {
        client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        return;
      }
      const upstream = connect(Number(target[1]), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('error', () => client.destroy());
    });
    client.on('error', () => undefined);
  });
  proxies.push({ server, sockets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen };
}

describe('the Vault transport on a hostile path (attack)', () => {
  it('a gzip answer that inflates to 64 MiB is refused at the 1 MiB cap', async () => {
    const inflated = `${' '.repeat(64 * 1024 * 1024)}${JSON.stringify({ data: { data: { value: 'bomb-value' } } })}`;
    const bomb = gzipSync(inflated);
    const vault = await startHttpsServer((req, res) => {
      if (req.url?.includes('lookup-self')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { policies: ['default'] } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const outcome = await settle(backendAt(vault));
    expect(outcome).not.toHaveProperty('value');
    expect((outcome as { error: unknown }).error).toBeInstanceOf(SecretsBackendError);
  }, 60_000);

  it('through an HTTPS_PROXY the token goes inside the TLS tunnel, never to the proxy', async () => {
    const vault = await startHttpsServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        req.url?.includes('lookup-self')
          ? JSON.stringify({ data: { policies: ['default'] } })
          : JSON.stringify({ data: { data: { value: 'tunnelled-value' } } }),
      );
    });
    const proxy = await startConnectProxy();
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy };
    const savedNo = { NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    process.env.HTTPS_PROXY = proxy.url;
    process.env.https_proxy = proxy.url;
    delete process.env.NO_PROXY;
    delete process.env.no_proxy;
    try {
      const outcome = await settle(backendAt(vault));
      expect(proxy.seen.length).toBeGreaterThan(0);
      for (const first of proxy.seen) {
        expect(first).toMatch(/^CONNECT /);
        expect(first).not.toContain(TOKEN);
      }
      expect(outcome).toEqual({ value: 'tunnelled-value' });
    } finally {
      for (const [name, value] of Object.entries({ ...saved, ...savedNo })) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 60_000);
});
