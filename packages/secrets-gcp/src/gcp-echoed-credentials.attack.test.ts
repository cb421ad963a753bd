import type { IncomingMessage, ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { GcpSecretsBackend } from './gcp-secrets-backend.js';

// An answer that quotes the credential it was sent (a proxy echoing the request, a broken token
// endpoint): the server's text goes into our error message and cause, which apps log, so the OAuth
// access token or the refresh token landed there.

const ACCESS_TOKEN = 'ya29.a0AattackEchoOnly0123456789abcdef';
const REFRESH_TOKEN = '1//0gAttackEchoOnly-refresh-token_0123456789';
// An access token of no Google shape (a token a proxy or a workload identity pool issued).
const OTHER_TOKEN = 'opaque-attack-echo-only-0123456789abcdef';
const credentials = {
  type: 'authorized_user',
  client_id: 'attack-test.apps.googleusercontent.com',
  client_secret: 'attack-test-client-secret',
  refresh_token: REFRESH_TOKEN,
};
const servers: TestHttpsServer[] = [];
const backends: GcpSecretsBackend[] = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map((backend) => backend.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

async function backendAt(
  handler: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<GcpSecretsBackend> {
  const server = await startHttpsServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => handler(req, res, body));
  });
  servers.push(server);
  const backend = new GcpSecretsBackend({
    env: { DUAL_AUTH_GCP_PROJECT: 'attack-test' },
    logger: createRecordingLogger(),
    clientOptions: {
      fallback: true,
      apiEndpoint: '127.0.0.1',
      port: server.port,
      projectId: 'attack-test',
      credentials,
      clientOptions: {
        endpoints: { oauth2TokenUrl: `${server.url}/token` },
        transporterOptions: { fetchImplementation: server.fetch },
      },
    } as never,
  });
  backends.push(backend);
  return backend;
}

// A backend whose token endpoint issues `accessToken` and whose API answers every call 401
// UNAUTHENTICATED, with `message` of the `Authorization` header it was sent as the error text.
function unauthenticatedBackend(
  message: (authorization: string) => string,
  accessToken = ACCESS_TOKEN,
): Promise<GcpSecretsBackend> {
  return backendAt((req, res) => {
    if (req.url === '/token') {
      sendJson(res, 200, { access_token: accessToken, expires_in: 3599, token_type: 'Bearer' });
      return;
    }
    sendJson(res, 401, {
      error: {
        code: 401,
        message: message(String(req.headers.authorization)),
        status: 'UNAUTHENTICATED',
      },
    });
  });
}

async function failure(backend: GcpSecretsBackend): Promise<SecretsBackendError> {
  const error = await backend.getSecret('AGENT_CLIENT_SECRET').then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecretsBackendError);
  return error as SecretsBackendError;
}

function shown(error: SecretsBackendError): string {
  return `${error.message} ${error.hint} ${inspect(error, { depth: 5 })} ${JSON.stringify(error)}`;
}

describe('GcpSecretsBackend errors that echo a credential', () => {
  it('a 401 quoting the access token keeps the token out of the error', async () => {
    const backend = await unauthenticatedBackend(
      (authorization) => `Invalid Credentials: ${authorization}`,
    );
    const error = await failure(backend);
    expect(error.message).toMatch(/^GCP authentication failed accessing secret/);
    expect(shown(error)).not.toContain(ACCESS_TOKEN.slice(5));
    expect(error.message).toContain('***REDACTED***');
  });

  it('a 401 quoting an access token of no Google shape keeps it out too (core rule)', async () => {
    const backend = await unauthenticatedBackend(
      (authorization) => `Invalid Credentials: ${authorization}`,
      OTHER_TOKEN,
    );
    const error = await failure(backend);
    expect(shown(error)).not.toContain(OTHER_TOKEN.slice(6));
    expect(error.message).toContain('Invalid Credentials: ***REDACTED***');
  });

  it('a 401 quoting the header value without its scheme keeps the token out', async () => {
    const backend = await unauthenticatedBackend(
      (authorization) =>
        `Invalid Credentials, header\nAuthorization: ${authorization.replace(/^Bearer /, '')}\nsent`,
      OTHER_TOKEN,
    );
    const error = await failure(backend);
    expect(shown(error)).not.toContain(OTHER_TOKEN.slice(6));
    expect(error.message).toContain('Authorization: ***REDACTED*** sent');
  });

  it('a token endpoint quoting the refresh token keeps it out of the error', async () => {
    const backend = await backendAt((_req, res, body) => {
      const sent = new URLSearchParams(body).get('refresh_token');
      sendJson(res, 400, {
        error: 'invalid_grant',
        error_description: `Token has been expired or revoked: ${String(sent)}`,
      });
    });
    const error = await failure(backend);
    expect(shown(error)).not.toContain(REFRESH_TOKEN.slice(3));
  });

  it("a 401 in plain words keeps them: 'Bearer token' and an address are no credential", async () => {
    const backend = await unauthenticatedBackend(
      () => 'Bearer token expired at the proxy in front of https://10.0.0.1//v1/projects',
    );
    const error = await failure(backend);
    expect(error.message).toContain(
      'Bearer token expired at the proxy in front of https://10.0.0.1//v1/projects',
    );
  });
});
