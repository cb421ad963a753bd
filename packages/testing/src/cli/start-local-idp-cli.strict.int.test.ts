import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { type AdapterPlugin, getConfig } from '@dual-auth/core';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPluginExport } from '../plugins/load-plugin-export.js';
import { createTrustingFetch } from '../tls/trusting-fetch.js';
import { startLocalIdpCli } from './start-local-idp-cli.js';

const isAuth0Plugin = (value: unknown): value is AdapterPlugin =>
  (value as AdapterPlugin | null)?.kind === 'adapter' &&
  (value as AdapterPlugin).vendor === 'auth0';

// Journey 10: the standalone IdP could not behave like a real Auth0 tenant (private_key_jwt
// only); that strict mode was reachable only through startLocalIdp's vendorOptions.
describe('dual-auth-idp --vendor auth0 --strict', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dual-auth-idp-strict-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the agent's private key (0600) and its env lines; only private_key_jwt gets a token", async () => {
    const envFile = join(dir, '.env');
    const lines: string[] = [];
    const running = await startLocalIdpCli(
      ['--vendor', 'auth0', '--port', '0', '--env-file', envFile, '--strict'],
      dir,
      (line) => lines.push(line),
    );
    const keyFile = join(dir, '.dual-auth-idp', 'finance-agent-key.pem');
    try {
      const env = parseEnv(await readFile(envFile, 'utf8')) as Record<string, string>;
      expect(env).toMatchObject({
        DUAL_AUTH_VENDOR: 'auth0',
        AGENT_CLIENT_ID: 'finance-agent',
        AGENT_PRIVATE_KEY_FILE: keyFile,
        AGENT_KEY_ID: expect.stringMatching(/^[\w-]{43}$/),
      });
      const privateKey = await readFile(keyFile, 'utf8');
      expect(privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      expect(lines.join('\n')).not.toContain(privateKey.trim());

      const plugin = await loadPluginExport({
        kind: 'adapter',
        name: 'auth0',
        subpath: '.',
        matches: isAuth0Plugin,
      });
      if (plugin === undefined) throw new Error('the workspace has no auth0 adapter');
      const config = await getConfig({ vendor: 'auth0', env, plugins: [plugin] });
      const fetch = createTrustingFetch(await readFile(env.NODE_EXTRA_CA_CERTS ?? '', 'utf8'));
      const request = { agentId: 'finance-agent', act: { sub: env.HUMAN_ALICE_SUB ?? '' } };
      const keyed = plugin.createAdapter(config, {
        fetch,
        clientAuthentication: 'private_key_jwt',
        privateKey,
        kid: env.AGENT_KEY_ID,
      });
      const token = await keyed.requestToken({ ...request, scope: ['read:finance-data'] });
      expect(decodeJwt(`${token.accessToken}`)).toMatchObject({
        sub: 'finance-agent@clients',
        act: { sub: env.HUMAN_ALICE_SUB },
      });
      // The reference's HS256 client_secret_jwt, which a real tenant refuses.
      const secret = plugin.createAdapter(config, { fetch, retry: { limit: 0 } });
      await expect(
        secret.requestToken({ ...request, scope: ['read:finance-data'] }),
      ).rejects.toThrow(/invalid_client|401/);
    } finally {
      await running?.stop();
    }
    await expect(stat(keyFile)).rejects.toThrow(/ENOENT/);
  }, 60_000);

  it('refuses --strict for a vendor without a strict mode, writing nothing', async () => {
    const envFile = join(dir, 'keycloak.env');
    await expect(
      startLocalIdpCli(
        ['--vendor', 'keycloak', '--port', '0', '--env-file', envFile, '--strict'],
        dir,
        () => undefined,
      ),
    ).rejects.toThrow('startLocalIdp: unknown keycloak option strict');
    await expect(stat(envFile)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
