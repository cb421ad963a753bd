import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AzureKeyVaultEmulator,
  startAzureKeyVaultEmulator,
} from './azure-key-vault-emulator.js';

let vault: AzureKeyVaultEmulator;
let token: string;

// `null` sends no Authorization header.
async function get(path: string, authorization: string | null = `Bearer ${token}`) {
  const response = await vault.fetch(`${vault.vaultUrl}${path}`, {
    headers: authorization === null ? {} : { authorization },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

beforeAll(async () => {
  vault = await startAzureKeyVaultEmulator({
    secrets: { 'Dual-Auth-Agent-Client-Id': 'agent-1' },
    tenantId: 'tenant-1',
  });
  token = (await vault.credential.getToken('https://vault.azure.net/.default')).token;
});

afterAll(() => vault.close());

describe('startAzureKeyVaultEmulator', () => {
  it('challenges a request without a token with the Key Vault Bearer challenge', async () => {
    const { status, headers, body } = await get(
      '/secrets/dual-auth-agent-client-id/?api-version=7.5',
      null,
    );
    expect(status).toBe(401);
    expect(headers.get('www-authenticate')).toBe(
      'Bearer authorization="https://login.microsoftonline.com/tenant-1", resource="https://vault.azure.net"',
    );
    expect(body).toMatchObject({ error: { code: 'Unauthorized' } });
    expect(
      (await get('/secrets/dual-auth-agent-client-id/?api-version=7.5', 'Bearer x')).status,
    ).toBe(401);
  });

  it('serves a secret bundle, names case-insensitive, and records the request', async () => {
    const { status, body } = await get('/secrets/dual-auth-agent-client-id/?api-version=7.5');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      value: 'agent-1',
      id: expect.stringMatching(
        new RegExp(`^${vault.vaultUrl}/secrets/dual-auth-agent-client-id/[0-9a-f]{32}$`),
      ),
      attributes: { enabled: true },
    });
    expect(vault.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/secrets/dual-auth-agent-client-id/',
      apiVersion: '7.5',
      secretName: 'dual-auth-agent-client-id',
      authorization: `Bearer ${token}`,
      status: 200,
    });
    const version = String(body.id).split('/').at(-1);
    expect(
      (await get(`/secrets/dual-auth-agent-client-id/${version}?api-version=7.5`)).status,
    ).toBe(200);
  });

  it('wants an api-version and answers SecretNotFound and Forbidden as Key Vault does', async () => {
    expect((await get('/secrets/dual-auth-agent-client-id/')).status).toBe(400);
    expect(await get('/secrets/missing/?api-version=7.5')).toMatchObject({
      status: 404,
      body: { error: { code: 'SecretNotFound' } },
    });
    vault.setSecret('locked', 'x');
    vault.denySecret('LOCKED');
    expect(await get('/secrets/locked/?api-version=7.5')).toMatchObject({
      status: 403,
      body: { error: { code: 'Forbidden', innererror: { code: 'ForbiddenByRbac' } } },
    });
  });

  it('fails the next reads as told, then recovers', async () => {
    const path = '/secrets/dual-auth-agent-client-id/?api-version=7.5';
    vault.failNext('throttled');
    const throttled = await get(path);
    expect(throttled).toMatchObject({ status: 429, body: { error: { code: 'Throttled' } } });
    expect(throttled.headers.get('retry-after')).toBe('0');
    vault.failNext('forbidden');
    expect((await get(path)).status).toBe(403);
    vault.failNext('unavailable', 2);
    expect((await get(path)).status).toBe(503);
    expect((await get(path)).status).toBe(503);
    vault.failNext('unauthorized');
    expect((await get(path)).headers.get('www-authenticate')).toMatch(/^Bearer authorization=/);
    vault.failNext('reset');
    await expect(get(path)).rejects.toThrow();
    expect(vault.requests.at(-1)?.status).toBe('reset');
    expect((await get(path)).status).toBe(200);
  });

  it('its credential records the scopes and tenant asked for, and can fail like @azure/identity', async () => {
    await vault.credential.getToken(['https://vault.azure.net/.default'], { tenantId: 'tenant-1' });
    expect(vault.credential.requests.at(-1)).toEqual({
      scopes: ['https://vault.azure.net/.default'],
      tenantId: 'tenant-1',
    });
    vault.credential.failNext('AuthenticationError', 'AADSTS7000215: Invalid client secret.');
    await expect(vault.credential.getToken('s')).rejects.toMatchObject({
      name: 'AuthenticationError',
    });
    await expect(vault.credential.getToken('s')).resolves.toMatchObject({ token });
  });
});
