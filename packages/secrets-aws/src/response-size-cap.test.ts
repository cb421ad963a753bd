import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsBackendError } from '@dual-auth/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  closeServers,
  fetchHandler,
  readWith,
  requestHandler,
  servers,
} from '../test/support/request-handlers.js';

// The cap on the bodies a caller's own request handler may give: the SDK's FetchHttpHandler hands
// back a web ReadableStream, or a Blob where the runtime's fetch has no body stream; a handler may
// also give bytes it has read. Mocked: nothing over HTTP; the handlers that give a Blob, bytes or
// an unknown body answer without a server, as such a handler hands its body to the SDK.

const NAME = 'dual-auth/AGENT_CLIENT_SECRET';
const JSON_1_1 = { 'content-type': 'application/x-amz-json-1.1' };

afterEach(closeServers);

/** A request handler giving `body()` as a 200 answer's body, without a server. */
function giving(body: () => unknown) {
  return requestHandler(async () => ({ statusCode: 200, headers: JSON_1_1, body: body() }));
}

/** A valid GetSecretValue answer after `paddingBytes` of JSON whitespace. */
function answer(paddingBytes: number, value = 'the-answer-value'): Buffer {
  return Buffer.concat([
    Buffer.alloc(paddingBytes, ' '),
    Buffer.from(JSON.stringify({ Name: NAME, SecretString: value })),
  ]);
}

/**
 * A plain-http loopback endpoint writing `body` chunked; `written` settles, once the connection is
 * done with, on whether the whole body was handed to the socket.
 */
async function endpoint(body: Buffer): Promise<{ url: string; written: Promise<boolean> }> {
  let settle: (whole: boolean) => void = () => {};
  const written = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const server = createServer((_req, res) => {
    res.on('close', () => settle(res.writableFinished));
    res.writeHead(200, JSON_1_1);
    res.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, written };
}

const OVER_CAP = 2 * 1024 * 1024;

describe('the AWS 1 MiB answer cap over the bodies a request handler gives', () => {
  it('reads a web-stream answer within the cap', async () => {
    const { url } = await endpoint(answer(512 * 1024));
    expect(await readWith(fetchHandler, url)).toEqual({ value: 'the-answer-value' });
  }, 60_000);

  it('closes the connection of a web-stream answer over the cap before it is all sent', async () => {
    const { url, written } = await endpoint(answer(32 * 1024 * 1024));
    const outcome = await readWith(fetchHandler, url);
    expect((outcome.error as Error).message).toContain('longer than 1048576 bytes');
    expect(await written).toBe(false);
  }, 60_000);

  it.each([
    [
      'a Blob (FetchHttpHandler where fetch has no body stream)',
      () => new Blob([new Uint8Array(answer(OVER_CAP))]),
    ],
    ['bytes already read', () => new Uint8Array(answer(OVER_CAP))],
  ])('refuses %s over the cap', async (_kind, body) => {
    const outcome = await readWith(giving(body));
    expect(outcome).not.toHaveProperty('value');
    expect(outcome.error).toBeInstanceOf(SecretsBackendError);
    expect((outcome.error as Error).message).toContain('longer than 1048576 bytes');
  });

  it('reads a Blob answer within the cap', async () => {
    const outcome = await readWith(giving(() => new Blob([new Uint8Array(answer(1024))])));
    expect(outcome).toEqual({ value: 'the-answer-value' });
  });

  it('refuses a body of a kind it cannot bound, naming the handlers to use', async () => {
    const outcome = await readWith(giving(() => answer(0).toString('utf8')));
    expect(outcome).not.toHaveProperty('value');
    expect(outcome.error).toBeInstanceOf(SecretsBackendError);
    const error = outcome.error as SecretsBackendError;
    expect(error.message).toContain('came as a body of type string');
    expect(error.hint).toMatch(/NodeHttpHandler and FetchHttpHandler/);
  });
});
