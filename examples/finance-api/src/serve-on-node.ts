// The Worker of worker.ts served over HTTPS on Node: the certificate comes from TLS_CERT_FILE and
// TLS_KEY_FILE (the local IdP writes a loopback one), the variables from process.env.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { getRequestListener } from '@hono/node-server';
import { worker } from './worker.js';

const port = Number(process.env.PORT ?? 8444);
const server = createServer(
  {
    cert: readFileSync(process.env.TLS_CERT_FILE ?? 'set TLS_CERT_FILE'),
    key: readFileSync(process.env.TLS_KEY_FILE ?? 'set TLS_KEY_FILE'),
  },
  getRequestListener((request) => worker.fetch(request, process.env)),
);
server.listen(port, '127.0.0.1', () => {
  console.log(`finance-api ready on https://127.0.0.1:${port}/api/balance`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
