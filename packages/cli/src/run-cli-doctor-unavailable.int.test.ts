import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { startHttpsServer, startLocalIdp } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { closedLoopbackPort } from '../test/support/closed-loopback-port.js';
import type { CliIo } from './cli-io.js';
import { EXIT } from './run-cli.js';

// Session 38 (opsmend): an IdP that could not be reached exited 1, as a wrong configuration does,
// so a deploy pipeline could not tell "retry later" from "fix the config". It exits 3 now.
const env = (tokenUrl: string) => ({
  DUAL_AUTH_VENDOR: 'keycloak',
  KEYCLOAK_TOKEN_URL: tokenUrl,
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-shown',
});

const doctor = (io: Partial<CliIo>) =>
  capturedRun(['doctor', '--human', 'u-1', '--json'], process.cwd(), {
    plugins: [keycloakPlugin],
    ...io,
  });

describe('dual-auth doctor: exit 3 when the IdP is unavailable, 1 when misconfigured', () => {
  it('a token URL where nothing listens (connection refused) exits 3, marked unavailable', async () => {
    const port = await closedLoopbackPort();
    const out = await doctor({ env: env(`https://127.0.0.1:${port}/realms/a/token`) });
    expect(out.code).toBe(EXIT.unavailable);
    expect(EXIT.unavailable).toBe(3);
    const report = JSON.parse(out.stdout);
    expect(report.checks[0]).toMatchObject({
      id: 'token-endpoint',
      status: 'fail',
      unavailable: true,
    });
  }, 30_000);

  it.each([503, 502, 500])(
    'an IdP that answers HTTP %i exits 3',
    async (status) => {
      const server = await startHttpsServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>down for maintenance</h1>');
      });
      try {
        const out = await doctor({ env: env(`${server.url}/realms/a/token`), fetch: server.fetch });
        expect(out.code).toBe(EXIT.unavailable);
        expect(JSON.parse(out.stdout).checks[0]).toMatchObject({
          id: 'token-endpoint',
          detail: expect.stringContaining(`answered HTTP ${status}`),
          unavailable: true,
        });
      } finally {
        await server.close();
      }
    },
    30_000,
  );

  // Session 38 (doctor2): the vendor's "fix on the IdP" lines printed under "retry later" sent an
  // operator to change a configuration that may be right.
  it('prints only what helps for an unavailable IdP: retry later and what was unreachable, no IdP fix', async () => {
    const server = await startHttpsServer((_req, res) => {
      res.writeHead(503).end('down for maintenance');
    });
    const port = await closedLoopbackPort();
    try {
      const text = (tokenUrl: string, fetch?: typeof globalThis.fetch) =>
        capturedRun(['doctor', '--human', 'u-1'], process.cwd(), {
          plugins: [keycloakPlugin],
          env: env(tokenUrl),
          ...(fetch ? { fetch } : {}),
        });
      const down = await text(`${server.url}/realms/a/token`, server.fetch);
      const refused = await text(`https://127.0.0.1:${port}/realms/a/token`);
      expect(down.stdout).toMatch(/^FAIL {2}token-endpoint: answered HTTP 503 .*retry later/m);
      expect(refused.stdout).toContain(
        `FAIL  token-endpoint: connection refused by 127.0.0.1:${port}`,
      );
      for (const out of [down, refused]) {
        expect(out.code).toBe(EXIT.unavailable);
        expect(out.stdout).toMatch(/^ {6}retry later: /m);
        expect(out.stdout).not.toMatch(/fix on the IdP|where:|docs:/);
      }
    } finally {
      await server.close();
    }
  }, 30_000);

  // Session 39 (tidya): 511 (a proxy or captive portal wants a sign-in, RFC 6585 §6) and 505 (what
  // answers is not the server the URL should name, RFC 9110 §15.6.6) exited 3, "retry later", as
  // every 5xx: no retry cures them.
  it.each([
    [511, /a proxy or captive portal .*wants a sign-in.*sign in to the network/],
    [505, /check that KEYCLOAK_TOKEN_URL names/],
  ])(
    'an answer of HTTP %i exits 1, saying what to do instead of retry later',
    async (status, advice) => {
      const server = await startHttpsServer((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>sign in</h1>');
      });
      try {
        const out = await doctor({ env: env(`${server.url}/realms/a/token`), fetch: server.fetch });
        expect(out.code).toBe(EXIT.checkFailed);
        const check = JSON.parse(out.stdout).checks[0];
        expect(check).toMatchObject({ id: 'token-endpoint', status: 'fail' });
        expect(check).not.toHaveProperty('unavailable');
        expect(check.detail).toContain(`answered HTTP ${status}`);
        expect(check.detail).toMatch(advice);
      } finally {
        await server.close();
      }
    },
    30_000,
  );

  // A plain HTTP server on the https URL answers the TLS hello with HTTP text, which OpenSSL reads
  // as a record of a wrong version (ERR_SSL_WRONG_VERSION_NUMBER): a handshake fault, not an outage.
  it('a plain HTTP server on the https token URL exits 1, saying the port does not serve HTTPS', async () => {
    const plain = createServer((_req, res) => res.end('plain'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      const out = await doctor({ env: env(`https://127.0.0.1:${port}/realms/a/token`) });
      expect(out.code).toBe(EXIT.checkFailed);
      const check = JSON.parse(out.stdout).checks[0];
      expect(check).not.toHaveProperty('unavailable');
      expect(check.detail).toMatch(/TLS handshake .* failed .*check that this port serves HTTPS/);
    } finally {
      await new Promise<void>((resolve) => plain.close(() => resolve()));
    }
  }, 30_000);

  it('a bad client secret still exits 1, with no unavailable mark', async () => {
    const idp = await startLocalIdp({ vendor: 'keycloak', audience: 'finance-api' });
    try {
      const out = await doctor({
        env: { ...idp.env(), AGENT_CLIENT_SECRET: 'not-the-secret' },
        fetch: idp.fetch,
      });
      expect(out.code).toBe(EXIT.checkFailed);
      expect(out.stdout).not.toContain('unavailable');
    } finally {
      await idp.close();
    }
  }, 60_000);

  it('a port fetch never uses ("bad port") is the configuration to fix: exits 1', async () => {
    const out = await doctor({ env: env('https://127.0.0.1:6000/realms/a/token') });
    expect(out.code).toBe(EXIT.checkFailed);
  }, 30_000);
});
