import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';
import {
  type GcpSecretManagerEmulator,
  startGcpSecretManagerEmulator,
} from './gcp-secret-manager-emulator.js';

let gcp: GcpSecretManagerEmulator;
let token: string;

const accessUrl = (secret: string, version = 'latest', project = gcp.projectId) =>
  `${gcp.endpoint}/v1/projects/${project}/secrets/${secret}/versions/${version}:access?%24alt=json%3Benum-encoding%3Dint`;

async function access(secret: string, version?: string, project?: string) {
  const response = await gcp.fetch(accessUrl(secret, version, project), {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  gcp = await startGcpSecretManagerEmulator({
    secrets: { 'dual-auth-agent-client-id': 'agent-1' },
  });
  const response = await gcp.fetch(gcp.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: gcp.credentials.refresh_token,
      client_id: gcp.credentials.client_id,
      client_secret: gcp.credentials.client_secret,
    }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { access_token: string; token_type: string };
  expect(body.token_type).toBe('Bearer');
  token = body.access_token;
});

afterAll(() => gcp.close());

describe('crc32c', () => {
  it('matches the CRC-32C check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array())).toBe(0);
  });
});

describe('startGcpSecretManagerEmulator', () => {
  it('serves AccessSecretVersion with a base64 payload and its CRC-32C', async () => {
    const { status, body } = await access('dual-auth-agent-client-id');
    expect(status).toBe(200);
    expect(body).toEqual({
      name: `projects/${gcp.projectId}/secrets/dual-auth-agent-client-id/versions/1`,
      payload: {
        data: Buffer.from('agent-1').toString('base64'),
        dataCrc32c: String(crc32c(new TextEncoder().encode('agent-1'))),
      },
    });
    expect(gcp.requests.at(-1)).toEqual({
      method: 'GET',
      path: `/v1/projects/${gcp.projectId}/secrets/dual-auth-agent-client-id/versions/latest:access`,
      rpc: 'AccessSecretVersion',
      secretId: 'dual-auth-agent-client-id',
      authorization: `Bearer ${token}`,
    });
  });

  it('keeps versions: latest is the newest, older ones stay readable', async () => {
    gcp.setSecret('versioned', 'one');
    gcp.setSecret('versioned', 'two');
    expect((await access('versioned')).body.name).toMatch(/versions\/2$/);
    expect((await access('versioned', '1')).body).toMatchObject({
      payload: { data: Buffer.from('one').toString('base64') },
    });
  });

  it('answers 401 UNAUTHENTICATED without a token it issued', async () => {
    const response = await gcp.fetch(accessUrl('dual-auth-agent-client-id'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED' },
    });
  });

  it('refuses a refresh token it did not issue', async () => {
    const response = await gcp.fetch(gcp.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'other' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers NOT_FOUND and PERMISSION_DENIED as Google JSON errors', async () => {
    expect(await access('missing')).toEqual({
      status: 404,
      body: {
        error: {
          code: 404,
          status: 'NOT_FOUND',
          message: `Secret [projects/${gcp.projectId}/secrets/missing] not found or has no versions.`,
        },
      },
    });
    expect(await access('dual-auth-agent-client-id', 'latest', 'other-project')).toMatchObject({
      status: 403,
      body: { error: { code: 403, status: 'PERMISSION_DENIED' } },
    });
    gcp.denySecret('locked');
    gcp.setSecret('locked', 'x');
    expect((await access('locked')).status).toBe(403);
  });

  it('fails the next accesses as told, then recovers', async () => {
    gcp.failNext('resource-exhausted', 2);
    gcp.failNext('unavailable');
    expect(await access('dual-auth-agent-client-id')).toMatchObject({
      status: 429,
      body: { error: { status: 'RESOURCE_EXHAUSTED' } },
    });
    expect((await access('dual-auth-agent-client-id')).status).toBe(429);
    expect(await access('dual-auth-agent-client-id')).toMatchObject({
      status: 503,
      body: { error: { status: 'UNAVAILABLE' } },
    });
    gcp.failNext('permission-denied');
    expect((await access('dual-auth-agent-client-id')).status).toBe(403);
    gcp.failNext('unauthenticated');
    expect((await access('dual-auth-agent-client-id')).status).toBe(401);
    gcp.failNext('corrupt-checksum');
    const corrupt = (await access('dual-auth-agent-client-id')).body as {
      payload: { dataCrc32c: string };
    };
    expect(corrupt.payload.dataCrc32c).not.toBe(
      String(crc32c(new TextEncoder().encode('agent-1'))),
    );
    gcp.failNext('reset');
    await expect(access('dual-auth-agent-client-id')).rejects.toThrow();
    expect((await access('dual-auth-agent-client-id')).status).toBe(200);
  });
});
