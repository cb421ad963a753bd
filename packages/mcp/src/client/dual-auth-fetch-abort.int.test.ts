import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dualAuthFetch } from './dual-auth-fetch.js';

/** An MCP server's standalone SSE stream on loopback: one comment line, then never an end. */
async function endlessStreamServer() {
  const streams: ServerResponse[] = [];
  const server = createServer((_req, res) => {
    streams.push(res);
    res.writeHead(200, { 'content-type': 'text/event-stream' }).write(': open\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    streams,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const provider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  async getToken() {
    return {
      accessToken: 'access.token.1',
      tokenType: 'Bearer',
      expiresIn: 300,
      scope: 'finance.read',
      expiresAt: 2_000_000_000_000,
    } satisfies DualSubjectToken;
  },
} as TokenProvider;

const fetches: [string, typeof fetch][] = [
  ['fetch', (input, init) => globalThis.fetch(input, init)],
  // Deno 2.9.6's fetch, once a garbage collection took the Request's dependent signal and the
  // abort algorithm on it, no longer ends the body on abort (docs/runtime-check.md): this fetch
  // never gives the body the signal at all.
  [
    'a fetch whose body misses the abort',
    (input, init) => globalThis.fetch(input, { ...init, signal: null }),
  ],
];

describe('dualAuthFetch: the caller aborts an answer being read', () => {
  let server: Awaited<ReturnType<typeof endlessStreamServer>>;
  beforeAll(async () => {
    server = await endlessStreamServer();
  });
  afterAll(() => server.close());

  it.each(fetches)(
    'with %s, the read rejects with the reason and the connection closes',
    async (_name, fetch) => {
      const send = dualAuthFetch({
        resourceMetadata: 'off',
        origin: server.origin,
        tokenProvider: provider,
        allowInsecureLoopback: true,
        fetch,
      });
      const controller = new AbortController();
      const response = await send(`${server.origin}/mcp`, {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (response.body === null) throw new Error('no body');
      const reader = response.body.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe(': open\n\n');
      const stream = server.streams.at(-1);
      if (stream === undefined) throw new Error('the server saw no request');
      const closed = once(stream, 'close');
      const pending = reader.read();
      const reason = new Error('client.close()');
      controller.abort(reason);
      await expect(pending).rejects.toBe(reason);
      // The server sees its stream end: nothing is left open on either side.
      await closed;
      expect(stream.writableFinished).toBe(false);
    },
  );
});
