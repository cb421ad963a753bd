import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { Agent } from 'undici';
import { createTestCa, type TestCa } from './test-ca.js';
import { createTrustingFetch, type TrustingFetch } from './trusting-fetch.js';

/** A request handler for {@link startHttpsServer}; a rejected promise becomes a 500. */
export type HttpsHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** Options of {@link startHttpsServer}. */
export interface StartHttpsServerOptions {
  /** The CA that signs the server certificate. Default: a fresh {@link createTestCa}. */
  readonly ca?: TestCa;
  /** The TCP port to listen on (0–65535). Default: 0, a free port chosen by the system. */
  readonly port?: number;
}

/** A running loopback HTTPS server. */
export interface TestHttpsServer {
  /** `https://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly ca: TestCa;
  /** A fetch that trusts {@link TestHttpsServer.ca}. */
  readonly fetch: TrustingFetch;
  /**
   * Stops listening and destroys open sockets, keeping the port number, certificate and fetch for
   * {@link TestHttpsServer.start}: clients see connections refused, as from a stopped server.
   */
  stop(): Promise<void>;
  /**
   * Listens again on the same port after {@link TestHttpsServer.stop}, with the same certificate.
   *
   * @throws Error when the server was closed, or the port was taken meanwhile (`EADDRINUSE`).
   */
  start(): Promise<void>;
  /** Stops listening, destroys open sockets and closes the trusting fetch's pool. */
  close(): Promise<void>;
}

/**
 * Starts an HTTPS server on 127.0.0.1 (a free port unless `port` is given), with a certificate from
 * a test CA.
 *
 * @example
 * ```ts
 * import { startHttpsServer } from '@dual-auth/testing';
 *
 * const server = await startHttpsServer((req, res) => res.end('ok'));
 * const text = await (await server.fetch(`${server.url}/`)).text();
 * await server.close();
 * ```
 */
export async function startHttpsServer(
  handler: HttpsHandler,
  options: StartHttpsServerOptions = {},
): Promise<TestHttpsServer> {
  if (typeof handler !== 'function') {
    throw new TypeError('startHttpsServer: handler must be a function');
  }
  const { port = 0 } = options;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError('startHttpsServer: port must be an integer from 0 to 65535');
  }
  const ca = options.ca ?? (await createTestCa());
  const { certPem, keyPem } = await ca.issueServerCertificate();
  const sockets = new Set<Socket>();
  const server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, port);
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('startHttpsServer: server has no TCP address');
  }
  const fetch = createTrustingFetch(ca.caPem);
  const url = `https://127.0.0.1:${address.port}`;
  const stop = async () => {
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await stopped;
    await forgottenBy(fetch.dispatcher, url);
  };
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    ca,
    fetch,
    stop,
    async start() {
      if (closing !== undefined) throw new Error('startHttpsServer: closed; start a new server');
      if (!server.listening) await listen(server, address.port);
    },
    close() {
      closing ??= Promise.all([stop(), fetch.dispatcher.destroy()]).then(() => undefined);
      return closing;
    },
  };
}

// The pool of the server's own fetch learns of the closed connections when it reads their end, a
// turn of the event loop later; a request sent before that would go out on a dead connection
// ("other side closed") right after start(). A client in another process has had that turn.
async function forgottenBy(dispatcher: Agent, origin: string): Promise<void> {
  for (
    let turn = 0;
    turn < MAX_TURNS && Number(dispatcher.stats[origin]?.connected ?? 0) > 0;
    turn++
  ) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

// Loopback delivers the end at once; this bound only keeps a stuck pool from hanging stop().
const MAX_TURNS = 1_000;

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}
