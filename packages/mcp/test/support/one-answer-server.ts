import type { OutgoingHttpHeaders } from 'node:http';
import type { TokenProvider } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { dualAuthFetch } from '../../src/client/dual-auth-fetch.js';

/** A loopback HTTPS MCP server that answers every request alike. */
export interface OneAnswerServer {
  /** Its `/mcp` URL (once the file's tests run). */
  readonly mcpUrl: () => string;
  /**
   * What a POST of `{}` to {@link OneAnswerServer.mcpUrl} through `dualAuthFetch` (no metadata
   * read, tokens of `tokenProvider`) was rejected with; a call that resolves fails the test.
   */
  readonly rejectionOf: (tokenProvider: TokenProvider) => Promise<unknown>;
}

/**
 * A {@link OneAnswerServer} answering `status`, `headers` and `body`, started before the file's
 * tests and closed after them (call it at the top level of the file).
 */
export function oneAnswerServer(
  status: number,
  headers: OutgoingHttpHeaders,
  body: string,
): OneAnswerServer {
  let server: TestHttpsServer;
  beforeAll(async () => {
    server = await startHttpsServer((_req, res) => {
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  afterAll(() => server.close());
  const mcpUrl = () => `${server.url}/mcp`;
  return {
    mcpUrl,
    rejectionOf: (tokenProvider) => {
      const send = dualAuthFetch({
        origin: server.url,
        tokenProvider,
        resourceMetadata: 'off',
        fetch: server.fetch,
      });
      return send(mcpUrl(), { method: 'POST', body: '{}' }).then(
        () => expect.unreachable('it should have been refused'),
        (error: unknown) => error,
      );
    },
  };
}
