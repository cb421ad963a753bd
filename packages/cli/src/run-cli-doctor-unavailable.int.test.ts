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
