import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running clear-text HTTP server on loopback, from {@link startPlainHttpServer}. */
export interface TestPlainHttpServer {
  /** `http://localhost:PORT` (no trailing slash): a host other than a TLS server's `127.0.0.1`. */
  readonly url: string;
  /** The TCP port it listens on, on 127.0.0.1. */
  readonly port: number;
  /** Drops open connections and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a clear-text HTTP server on 127.0.0.1 at a free port: the host a hostile redirect or
 * endpoint setting names, for tests that no token, secret or login body ever reaches it.
 *
 * @example
 * ```ts
 * import { startPlainHttpServer } from '@dual-auth/testing';
 *
 * const seen: (string | undefined)[] = [];
 * const elsewhere = await startPlainHttpServer((req, res) => {
 *   seen.push(req.headers.authorization);
 *   res.end();
 * });
 * // … redirect the client under test to elsewhere.url, then expect no authorization in seen …
 * await elsewhere.close();
 * ```
 */
export async function startPlainHttpServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestPlainHttpServer> {
  if (typeof handler !== 'function') {
    throw new TypeError('startPlainHttpServer: handler must be a function');
  }
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://localhost:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return closing;
    },
  };
}
