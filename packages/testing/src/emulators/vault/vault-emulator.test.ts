import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrustingFetch, type TrustingFetch } from '../../tls/trusting-fetch.js';
import { startVaultEmulator, type VaultEmulator } from './vault-emulator.js';

let vault: VaultEmulator;
let fetch: TrustingFetch;

beforeAll(async () => {
  vault = await startVaultEmulator({
    tokens: ['t1'],
    appRoles: { r1: 's1' },
    kvV1Mounts: ['old'],
    secrets: { 'secret/app/key': { value: 'v' }, 'old/app/key': { value: 'v1' } },
  });
  fetch = createTrustingFetch(vault.caPem);
});

afterAll(async () => {
  await fetch.dispatcher.close();
  await vault.close();
});

async function call(path: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${vault.endpoint}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: init.token === undefined ? {} : { 'x-vault-token': init.token },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: await res.json() };
}

describe('startVaultEmulator', () => {
  it('serves KV v2 under data/ and KV v1 without it, with Vault 404 bodies', async () => {
    const v2 = await call('/v1/secret/data/app/key', { token: 't1' });
    expect(v2.status).toBe(200);
    expect(v2.body.data).toMatchObject({ data: { value: 'v' }, metadata: { version: 1 } });
    expect((await call('/v1/old/app/key', { token: 't1' })).body.data).toEqual({ value: 'v1' });
    expect(await call('/v1/secret/app/key', { token: 't1' })).toEqual({
      status: 404,
      body: { errors: [] },
    });
    expect(await call('/v1/secret/data/app/none', { token: 't1' })).toEqual({
      status: 404,
      body: { errors: [] },
    });
  });

  it('refuses requests without a valid token with 403 permission denied', async () => {
    expect(await call('/v1/secret/data/app/key')).toEqual({
      status: 403,
      body: { errors: ['permission denied'] },
    });
    expect(vault.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/v1/secret/data/app/key',
      authorized: false,
      namespace: undefined,
    });
  });

  it('issues tokens through AppRole that lookup-self and reads accept until revoked', async () => {
    const login = await call('/v1/auth/approle/login', {
      body: { role_id: 'r1', secret_id: 's1' },
    });
    const token = login.body.auth.client_token as string;
    expect(token).toMatch(/^hvs\./);
    expect((await call('/v1/auth/token/lookup-self', { token })).status).toBe(200);
    vault.revokeToken(token);
    expect((await call('/v1/auth/token/lookup-self', { token })).status).toBe(403);
    const bad = await call('/v1/auth/approle/login', { body: { role_id: 'r1', secret_id: 'x' } });
    expect(bad).toEqual({ status: 400, body: { errors: ['invalid role or secret ID'] } });
  });

  it('answers 429 and 503 on demand', async () => {
    vault.failNext('throttling');
    vault.failNext('sealed');
    const throttled = await call('/v1/secret/data/app/key', { token: 't1' });
    expect(throttled.status).toBe(429);
    expect(throttled.body.errors[0]).toContain('rate limit quota exceeded');
    expect(await call('/v1/secret/data/app/key', { token: 't1' })).toEqual({
      status: 503,
      body: { errors: ['Vault is sealed'] },
    });
  });
});
