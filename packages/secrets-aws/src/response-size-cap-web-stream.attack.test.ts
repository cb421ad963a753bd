import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SecretsBackendError } from '@dual-auth/core';
import { createRecordingLogger } from '@dual-auth/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsSecretsBackend } from './aws-secrets-backend.js';

// The 1 MiB cap is added to each command's middleware stack, so it also guards a caller's own
// `client`. A client whose request handler is fetch-based (the SDK's FetchHttpHandler: Bun, Deno,
// edge runtimes, or an instrumented fetch) hands back the body as a web ReadableStream, which the
// cap does not recognise as a stream: it lets the answer through unread, content-length and all,
// and the SDK's collector buffers every byte. Mocked: nothing; the handler below is what
// FetchHttpHandler does (fetch the signed request, hand back status, headers and `response.body`).

const credentials = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' };
const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

interface SignedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A request handler as the SDK's FetchHttpHandler: the body comes back as a web stream. */
const fetchHandler = {
  async handle(request: SignedRequest, options: { abortSignal?: AbortSignal } = {}) {
    const { host: _host, ...headers } = request.headers;
    const url = `${request.protocol}//${request.hostname}:${request.port}${request.path}`;
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body ?? null,
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    });
    return {
      response: {
        statusCode: response.status,
        reason: response.statusText,
        headers: Object.fromEntries(response.headers.entries()),
        body: response.body,
      },
    };
  },
  updateHttpClientConfig() {},
  httpHandlerConfigs: () => ({}),
  destroy() {},
};

/** A plain-http loopback endpoint answering 16 MiB of JSON whitespace before a valid answer. */
async function hugeEndpoint(withLength: boolean): Promise<string> {
  const padding = Buffer.alloc(16 * 1024 * 1024, ' ');
  const tail = Buffer.from(
    JSON.stringify({ Name: 'dual-auth/AGENT_CLIENT_SECRET', SecretString: 'huge-answer-value' }),
  );
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      ...(withLength ? { 'content-length': String(padding.length + tail.length) } : {}),
    });
    res.write(padding);
    res.end(tail);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function readWith(endpoint: string): Promise<{ value?: string; error?: unknown }> {
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint,
    credentials,
    maxAttempts: 1,
    requestHandler: fetchHandler as never,
  });
  const backend = new AwsSecretsBackend({
    client,
    env: {},
    timeoutMs: 60_000,
    logger: createRecordingLogger(),
  });
  return backend.getSecret('AGENT_CLIENT_SECRET').then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

describe('the AWS 1 MiB answer cap with a fetch-based request handler (attack)', () => {
  it('a chunked answer far over 1 MiB is refused, not buffered whole', async () => {
    const outcome = await readWith(await hugeEndpoint(false));
    expect(outcome).not.toHaveProperty('value');
    expect(outcome.error).toBeInstanceOf(SecretsBackendError);
    expect((outcome.error as Error).message).toContain('longer than 1048576 bytes');
  }, 60_000);

  it('an answer whose content-length is far over 1 MiB is refused at once', async () => {
    const outcome = await readWith(await hugeEndpoint(true));
    expect(outcome).not.toHaveProperty('value');
    expect(outcome.error).toBeInstanceOf(SecretsBackendError);
    expect((outcome.error as Error).message).toContain('longer than 1048576 bytes');
  }, 60_000);
});
