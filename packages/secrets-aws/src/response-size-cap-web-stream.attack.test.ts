import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsBackendError } from '@dual-auth/core';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServers, fetchHandler, readWith, servers } from '../test/support/request-handlers.js';

// The 1 MiB cap is added to each command's middleware stack, so it also guards a caller's own
// `client`. A client whose request handler is fetch-based (the SDK's FetchHttpHandler: Bun, Deno,
// edge runtimes, or an instrumented fetch) hands back the body as a web ReadableStream, which the
// cap does not recognise as a stream: it lets the answer through unread, content-length and all,
// and the SDK's collector buffers every byte. Mocked: nothing; `fetchHandler` is what
// FetchHttpHandler does (fetch the signed request, hand back status, headers and `response.body`;
// test/support/request-handlers.ts).

afterEach(closeServers);

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

describe('the AWS 1 MiB answer cap with a fetch-based request handler (attack)', () => {
  it('a chunked answer far over 1 MiB is refused, not buffered whole', async () => {
    const outcome = await readWith(fetchHandler, await hugeEndpoint(false));
    expect(outcome).not.toHaveProperty('value');
    expect(outcome.error).toBeInstanceOf(SecretsBackendError);
    expect((outcome.error as Error).message).toContain('longer than 1048576 bytes');
  }, 60_000);

  it('an answer whose content-length is far over 1 MiB is refused at once', async () => {
    const outcome = await readWith(fetchHandler, await hugeEndpoint(true));
    expect(outcome).not.toHaveProperty('value');
    expect(outcome.error).toBeInstanceOf(SecretsBackendError);
    expect((outcome.error as Error).message).toContain('longer than 1048576 bytes');
  }, 60_000);
});
