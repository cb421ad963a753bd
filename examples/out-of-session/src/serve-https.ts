import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { getRequestListener } from '@hono/node-server';

/**
 * Serves a fetch handler over HTTPS on 127.0.0.1:`port` with the certificate of `TLS_CERT_FILE`
 * and `TLS_KEY_FILE`, prints `<name> ready on <url>`, and stops on SIGINT or SIGTERM.
 */
export function serveHttps(
  name: string,
  port: number,
  handler: (request: Request) => Response | Promise<Response>,
): void {
  const server = createServer(
    {
      cert: readFileSync(process.env.TLS_CERT_FILE ?? 'set TLS_CERT_FILE'),
      key: readFileSync(process.env.TLS_KEY_FILE ?? 'set TLS_KEY_FILE'),
    },
    getRequestListener(handler),
  );
  server.listen(port, '127.0.0.1', () => {
    console.log(`${name} ready on https://127.0.0.1:${port}`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
