// The web app served over HTTPS on Node (TLS_CERT_FILE, TLS_KEY_FILE), configured by process.env.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { getRequestListener } from '@hono/node-server';
import { createWebApp } from './web-app.js';

const port = Number(process.env.PORT ?? 8445);
const app = await createWebApp(process.env);
const server = createServer(
  {
    cert: readFileSync(process.env.TLS_CERT_FILE ?? 'set TLS_CERT_FILE'),
    key: readFileSync(process.env.TLS_KEY_FILE ?? 'set TLS_KEY_FILE'),
  },
  getRequestListener(app.fetch),
);
server.listen(port, '127.0.0.1', () => {
  console.log(`in-session web app ready on https://127.0.0.1:${port}`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
