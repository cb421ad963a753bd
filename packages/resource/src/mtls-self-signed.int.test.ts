import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientCertificate,
  type ClientCertificateKit,
  callOverTls,
  createClientCertificateKit,
} from '../test/support/client-certificates.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import {
  createServerTls,
  type RunningTlsApp,
  type ServerTls,
  type StartTlsApp,
  startExpressOverTls,
  startFastifyOverTls,
  startHonoOverTls,
} from '../test/support/mtls-servers.js';
import {
  accessToken,
  createSigningKey,
  type JwksServer,
  type SigningKey,
  startJwksServer,
} from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import type { DualAuthGuardOptions, TlsClientCertificateSource } from './index.js';

// Feature (Session 14, mtls14): a client with a self-signed certificate (RFC 8705 §2.2, §4) holds
// a token bound to it; the server lets any certificate through the handshake
// (rejectUnauthorized: false) and, with tlsClientCertificate 'tls-connection-any-issuer', the
// token's binding is the proof (RFC 8705 §6.2). Hono on Node (@hono/node-server) reads the TLS
// socket of c.env.incoming. Real mutual TLS on loopback, certificates made with openssl.

let kit: ClientCertificateKit;
let serverCaPem: string;
let tls: ServerTls;
let idpKey: SigningKey;
let jwks: JwksServer;
let selfA: ClientCertificate;
let selfB: ClientCertificate;
let issued: ClientCertificate;

beforeAll(async () => {
  kit = createClientCertificateKit();
  const clientCaPem = kit.createCa('client-ca');
  selfA = kit.selfSignedClientCertificate('self-a');
  selfB = kit.selfSignedClientCertificate('self-b');
  issued = kit.issueClientCertificate('client-ca', 'agent-issued');
  ({ tls, serverCaPem } = await createServerTls(clientCaPem));
  idpKey = await createSigningKey('idp-1');
  jwks = await startJwksServer([idpKey.publicJwk]);
});

afterAll(async () => {
  await jwks?.close();
  kit?.remove();
});

const call = (app: RunningTlsApp, token: string, client: ClientCertificate | undefined) =>
  callOverTls(app.url, token, serverCaPem, client);

const boundTo = (client: ClientCertificate) =>
  accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': client.thumbprint } });

function guardOptions(
  source: TlsClientCertificateSource,
  logger = recordingLogger(),
): DualAuthGuardOptions {
  return {
    ...keycloakGuardOptions(createRemoteJwks(jwks.url, { fetch: jwks.server.fetch })),
    tlsClientCertificate: source,
    logger,
  };
}

const ADMITTED = { status: 200, body: { agent: 'finance-agent', human: 'user-123' } };

const SERVERS: [string, StartTlsApp][] = [
  ['Express', startExpressOverTls],
  ['Fastify', startFastifyOverTls],
  ['Hono on Node', startHonoOverTls],
];

describe.each(SERVERS)(
  "%s, tlsClientCertificate 'tls-connection-any-issuer' (RFC 8705 §2.2, §6.2)",
  (_name, start) => {
    let app: RunningTlsApp;
    const logger = recordingLogger();
    beforeAll(async () => {
      app = await start(guardOptions('tls-connection-any-issuer', logger), tls);
    });
    afterAll(() => app?.close());

    it('admits a token bound to the self-signed certificate the client proved in the handshake', async () => {
      expect(await call(app, await boundTo(selfA), selfA)).toEqual(ADMITTED);
    });

    it('refuses it 401 from another self-signed certificate', async () => {
      const answer = await call(app, await boundTo(selfA), selfB);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalid_token');
      expect(answer.body.error_description).toMatch(/another client certificate/);
    });

    it('refuses it 401 when the request came without a client certificate', async () => {
      const answer = await call(app, await boundTo(selfA), undefined);
      expect(answer.status).toBe(401);
      expect(answer.body.error_description).toMatch(/no client certificate/);
    });

    it('still admits a certificate the server authorized (issued by its ca)', async () => {
      expect(await call(app, await boundTo(issued), issued)).toEqual(ADMITTED);
    });

    it('leaves a token without cnf a Bearer token', async () => {
      const token = await accessToken('keycloak', idpKey);
      expect(await call(app, token, selfB)).toEqual(ADMITTED);
    });

    it('logs nothing of a certificate', () => {
      const logged = JSON.stringify(logger.events);
      expect(logged).toContain('access_token.binding_mismatch');
      for (const client of [selfA, selfB]) {
        expect(logged).not.toContain(client.thumbprint);
        expect(logged).not.toContain(client.certPem.split('\n')[1]);
      }
    });
  },
);

describe.each(SERVERS)(
  "%s, tlsClientCertificate 'tls-connection': only a certificate the server authorized",
  (_name, start) => {
    let app: RunningTlsApp;
    beforeAll(async () => {
      app = await start(guardOptions('tls-connection'), tls);
    });
    afterAll(() => app?.close());

    it('refuses a token bound to a self-signed certificate, from that certificate', async () => {
      const answer = await call(app, await boundTo(selfA), selfA);
      expect(answer.status).toBe(401);
      expect(answer.body.error_description).toMatch(/no client certificate/);
    });

    it('admits a token bound to a certificate issued by its ca', async () => {
      expect(await call(app, await boundTo(issued), issued)).toEqual(ADMITTED);
    });
  },
);
