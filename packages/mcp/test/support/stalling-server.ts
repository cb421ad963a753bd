import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenProvider } from '@dual-auth/core';
import { startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { toolToken } from './tool-calling.js';

/** A loopback HTTPS server of one test file whose answers stay open until the test ends them. */
export interface StallingServer {
  /** `https://127.0.0.1:PORT`: read it inside a test. */
  readonly url: string;
  /** A fetch that trusts the server's certificate: read it inside a test. */
  readonly fetch: TestHttpsServer['fetch'];
  /** Every answer not ended yet, in the order the requests came; destroyed after the file. */
  readonly held: ServerResponse[];
}

/**
 * Starts, before this file's tests, a real loopback HTTPS server that hands each request to
 * `answer` and keeps its answer open (a server that stalls, or never answers, unless `answer`
 * ends it); after them destroys every open answer and closes it.
 */
export function stallingServerPerFile(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): StallingServer {
  const held: ServerResponse[] = [];
  let server: TestHttpsServer | undefined;
  beforeAll(async () => {
    server = await startHttpsServer((req, res) => {
      held.push(res);
      answer(req, res);
    });
  });
  afterAll(async () => {
    for (const res of held) res.destroy();
    await server?.close();
  });
  const started = (): TestHttpsServer => {
    if (server === undefined) throw new Error('stallingServerPerFile: read it inside a test');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get fetch() {
      return started().fetch;
    },
    held,
  };
}

/** The finance agent acting for `u-1`, with {@link toolToken}. */
export const toolTokenProvider = {
  identity: { agentId: 'finance-agent', humanId: 'u-1' },
  getToken: async () => toolToken,
} as TokenProvider;

/** What `pending` rejects with; the test fails when it fulfils. */
export function rejection(pending: Promise<unknown>): Promise<unknown> {
  return pending.then(
    () => expect.unreachable('it should have been refused'),
    (error: unknown) => error,
  );
}
