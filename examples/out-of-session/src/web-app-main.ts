// The web app over HTTPS on Node (port 8447), configured by process.env.
import { serveHttps } from './serve-https.js';
import { createWebApp } from './web-app.js';

serveHttps(
  'out-of-session web app',
  Number(process.env.PORT ?? 8447),
  createWebApp(process.env).fetch,
);
