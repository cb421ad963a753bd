import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTestCa } from '@dual-auth/testing';
import { serve } from '@hono/node-server';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import type { DualAuthGuard, DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { dualAuth as expressDualAuth } from '../../src/express/index.js';
import { dualAuth as fastifyDualAuth } from '../../src/fastify/index.js';
import { type DualAuthEnv, dualAuth as honoDualAuth } from '../../src/hono/index.js';

/** The server's TLS key and certificate, and the client CAs it trusts (its `ca`). */
export interface ServerTls {
  key: string;
  cert: string;
  ca: string;
}

/**
 * A server certificate for 127.0.0.1 from a new test CA, trusting the client CA `clientCaPem`;
 * `serverCaPem` is that test CA, for clients to check the server against.
 */
export async function createServerTls(
  clientCaPem: string,
): Promise<{ tls: ServerTls; serverCaPem: string }> {
  const serverCa = await createTestCa();
  const server = await serverCa.issueServerCertificate();
  return {
    tls: { key: server.keyPem, cert: server.certPem, ca: clientCaPem },
    serverCaPem: serverCa.caPem,
  };
}

/** An HTTPS app listening on 127.0.0.1. */
export interface RunningTlsApp {
  url: string;
  close(): Promise<void>;
}

/** Starts an app whose `GET /api/balance` answers the dual subject the guard admitted. */
export type StartTlsApp = (
  options: DualAuthGuardOptions | DualAuthGuard,
  tls: ServerTls,
) => Promise<RunningTlsApp>;

// requestCert with rejectUnauthorized false: a certificate no CA of `ca` issued still connects,
// unauthorized (socket.authorized false), and reaches the guard.
const MUTUAL_TLS = { requestCert: true, rejectUnauthorized: false } as const;

async function listening(server: Server): Promise<RunningTlsApp> {
  if (!server.listening) await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Express on `https.createServer`. */
export const startExpressOverTls: StartTlsApp = async (options, tls) => {
  const app = express();
  app.use('/api', expressDualAuth(options));
  app.get('/api/balance', (req, res) => {
    res.json({ agent: req.dualSubject?.agent.id, human: req.dualSubject?.human.sub });
  });
  const server = createHttpsServer({ ...tls, ...MUTUAL_TLS }, app);
  server.listen(0, '127.0.0.1');
  return listening(server);
};

/** Fastify with its `https` option. */
export const startFastifyOverTls: StartTlsApp = async (options, tls) => {
  const app: FastifyInstance = Fastify({ https: { ...tls, ...MUTUAL_TLS } });
  app.decorateRequest('dualSubject', undefined);
  app.addHook('onRequest', fastifyDualAuth(options));
  app.get('/api/balance', async (request) => ({
    agent: request.dualSubject?.agent.id,
    human: request.dualSubject?.human.sub,
  }));
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
};

/** Hono on Node: `@hono/node-server`'s `serve` with `https.createServer`. */
export const startHonoOverTls: StartTlsApp = async (options, tls) => {
  const app = new Hono<DualAuthEnv>();
  app.use('/api/*', honoDualAuth(options));
  app.get('/api/balance', (c) =>
    c.json({ agent: c.var.dualSubject.agent.id, human: c.var.dualSubject.human.sub }),
  );
  const server = serve({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
    createServer: createHttpsServer,
    serverOptions: { ...tls, ...MUTUAL_TLS },
  });
  return listening(server as Server);
};
