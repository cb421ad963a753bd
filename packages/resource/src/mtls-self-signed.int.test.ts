import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientCertificate,
  type MtlsScenario,
  startMtlsScenario,
} from '../test/support/client-certificates.js';
import {
  type RunningTlsApp,
  type StartTlsApp,
  startExpressOverTls,
  startFastifyOverTls,
  startHonoOverTls,
} from '../test/support/mtls-servers.js';
import { accessToken } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import type { TlsClientCertificateSource } from './index.js';

// Feature (Session 14, mtls14): a client with a self-signed certificate (RFC 8705 §2.2, §4) holds
// a token bound to it; the server lets any certificate through the handshake
// (rejectUnauthorized: false) and, with tlsClientCertificate 'tls-connection-any-issuer', the
// token's binding is the proof (RFC 8705 §6.2). Hono on Node (@hono/node-server) reads the TLS
// socket of c.env.incoming. Real mutual TLS on loopback, certificates made with openssl.

let mtls: MtlsScenario;
let selfA: ClientCertificate;
let selfB: ClientCertificate;
let issued: ClientCertificate;

beforeAll(async () => {
  mtls = await startMtlsScenario();
  selfA = mtls.kit.selfSignedClientCertificate('self-a');
  selfB = mtls.kit.selfSignedClientCertificate('self-b');
  issued = mtls.kit.issueClientCertificate('client-ca', 'agent-issued');
});

afterAll(() => mtls?.close());

const call = (app: RunningTlsApp, token: string, client: ClientCertificate | undefined) =>
  mtls.call(app.url, token, client);

const boundTo = (client: ClientCertificate) => mtls.boundTo(client);

const guardOptions = (source: TlsClientCertificateSource, logger = recordingLogger()) =>
  mtls.guardOptions(source, logger);

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
      app = await start(guardOptions('tls-connection-any-issuer', logger), mtls.tls);
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
      const token = await accessToken('keycloak', mtls.idpKey);
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
      app = await start(guardOptions('tls-connection'), mtls.tls);
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
