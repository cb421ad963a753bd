import type { Server } from 'node:http';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createRecordingLogger } from '@dual-auth/testing';
import { AwsSecretsBackend } from '../../src/aws-secrets-backend.js';

// A caller's own request handlers for the AWS size-cap tests: the SDK takes any object with
// `handle`, which is how FetchHttpHandler (Bun, Deno, edge) and custom handlers plug in.

/** The signed request the SDK hands a request handler. */
export interface SignedRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a request handler answers the SDK: status, headers and the raw body. */
export interface RawAnswer {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A request handler answering what `answer` makes of each request. */
export function requestHandler(
  answer: (request: SignedRequest, abortSignal: AbortSignal | undefined) => Promise<RawAnswer>,
) {
  return {
    async handle(request: SignedRequest, options: { abortSignal?: AbortSignal } = {}) {
      return { response: await answer(request, options.abortSignal) };
    },
    updateHttpClientConfig() {},
    httpHandlerConfigs: () => ({}),
    destroy() {},
  };
}

/** A request handler as the SDK's FetchHttpHandler: the body comes back as a web stream. */
export const fetchHandler = requestHandler(async (request, abortSignal) => {
  const { host: _host, ...headers } = request.headers;
  const url = `${request.protocol}//${request.hostname}:${request.port}${request.path}`;
  const response = await fetch(url, {
    method: request.method,
    headers,
    body: request.body ?? null,
    ...(abortSignal ? { signal: abortSignal } : {}),
  });
  return {
    statusCode: response.status,
    reason: response.statusText,
    headers: Object.fromEntries(response.headers.entries()),
    body: response.body,
  };
});

/** Servers a test started; {@link closeServers} closes them. */
export const servers: Server[] = [];

/** Closes the servers the test started, their open connections first. */
export async function closeServers(): Promise<void> {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Reads `AGENT_CLIENT_SECRET` once through a client with `handler` aimed at `endpoint`. */
export async function readWith(
  handler: unknown,
  endpoint = 'http://127.0.0.1:9',
): Promise<{ value?: string; error?: unknown }> {
  const client = new SecretsManagerClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test-only-secret-key' },
    maxAttempts: 1,
    requestHandler: handler as never,
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
