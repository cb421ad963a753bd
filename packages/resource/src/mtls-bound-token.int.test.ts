import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import { createTestCa } from '@dual-auth/testing';
import express from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import {
  type ClientCertificate,
  getBalanceOverMtls,
  type MtlsAnswer,
  openssl,
  P256_KEY,
  readClientCertificate,
} from '../test/support/mtls-kit.js';
import {
  accessToken,
  createSigningKey,
  type JwksServer,
  type SigningKey,
  startJwksServer,
} from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import type { DualAuthGuardOptions } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';

// Feature (Session 13, mtls13): Node terminates mutual TLS itself and the guard checks a
// certificate-bound token (RFC 8705 §3) against the client certificate of the connection: real
// TLS on loopback, client certificates from a CA the test makes with openssl, a token signed by
// the kit's IdP key and verified through its JWKS.

let dir: string;

function createCa(name: string): void {
  openssl(
    dir,
    `req -x509 ${P256_KEY} -keyout ${name}.key -out ${name}.pem -subj /CN=${name} -days 2`,
  );
}

let serial = 1000;

function issueClientCertificate(ca: string, name: string): ClientCertificate {
  openssl(dir, `req ${P256_KEY} -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`);
  serial++;
  openssl(
    dir,
    `x509 -req -in ${name}.csr -CA ${ca}.pem -CAkey ${ca}.key -set_serial ${serial} -days 1 -extfile client.ext -out ${name}.pem`,
  );
  return readClientCertificate(dir, name);
}

let serverCaPem: string;

const call = (
  url: string,
  token: string,
  client: Pick<ClientCertificate, 'certPem' | 'keyPem'> | undefined,
): Promise<MtlsAnswer> => getBalanceOverMtls(url, { ca: serverCaPem, token, client, agent: false });

let idpKey: SigningKey;
let jwks: JwksServer;
let agentA: ClientCertificate;
let agentB: ClientCertificate;
let rogue: ClientCertificate;
let tls: { key: string; cert: string; ca: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dual-auth-mtls-'));
  writeFileSync(
    join(dir, 'client.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  createCa('client-ca');
  createCa('rogue-ca');
  agentA = issueClientCertificate('client-ca', 'agent-a');
  agentB = issueClientCertificate('client-ca', 'agent-b');
  rogue = issueClientCertificate('rogue-ca', 'agent-rogue');
  const serverCa = await createTestCa();
  const server = await serverCa.issueServerCertificate();
  serverCaPem = serverCa.caPem;
  tls = {
    key: server.keyPem,
    cert: server.certPem,
    ca: readFileSync(join(dir, 'client-ca.pem'), 'utf8'),
  };
  idpKey = await createSigningKey('idp-1');
  jwks = await startJwksServer([idpKey.publicJwk]);
});

afterAll(async () => {
  await jwks?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function guardOptions(logger: ReturnType<typeof recordingLogger>): DualAuthGuardOptions {
  return {
    ...keycloakGuardOptions(createRemoteJwks(jwks.url, { fetch: jwks.server.fetch })),
    tlsClientCertificate: 'tls-connection',
    logger,
  };
}

const boundTo = (client: ClientCertificate) =>
  accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': client.thumbprint } });

// Every mTLS server answers the same: only the framework in front of the guard differs.
describe.each([
  [
    'Express',
    async (options: DualAuthGuardOptions) => {
      const app = express();
      app.use('/api', expressDualAuth(options));
      app.get('/api/balance', (req, res) => {
        res.json({ agent: req.dualSubject?.agent.id, human: req.dualSubject?.human.sub });
      });
      // rejectUnauthorized false: a certificate of another CA still connects, unauthorized.
      const server: Server = createHttpsServer(
        { ...tls, requestCert: true, rejectUnauthorized: false },
        app,
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      return {
        url: `https://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      };
    },
  ],
  [
    'Fastify',
    async (options: DualAuthGuardOptions) => {
      const app: FastifyInstance = Fastify({
        https: { ...tls, requestCert: true, rejectUnauthorized: false },
      });
      app.decorateRequest('dualSubject', undefined);
      app.addHook('onRequest', fastifyDualAuth(options));
      app.get('/api/balance', async (request) => ({
        agent: request.dualSubject?.agent.id,
        human: request.dualSubject?.human.sub,
      }));
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url: address, close: () => app.close() };
    },
  ],
])('%s over mutual TLS, a certificate-bound token (RFC 8705 §3)', (_name, start) => {
  let running: { url: string; close(): Promise<void> };
  const logger = recordingLogger();
  beforeAll(async () => {
    running = await start(guardOptions(logger));
  });
  afterAll(() => running?.close());

  it('is admitted from the client certificate it is bound to', async () => {
    const answer = await call(running.url, await boundTo(agentA), agentA);
    expect(answer).toEqual({ status: 200, body: { agent: 'finance-agent', human: 'user-123' } });
  });

  it('is refused 401 binding_mismatch from another certificate of the same CA', async () => {
    const answer = await call(running.url, await boundTo(agentA), agentB);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('invalid_token');
    expect(answer.body.error_description).toMatch(/another client certificate/);
  });

  it('is refused when the request came without a client certificate', async () => {
    const answer = await call(running.url, await boundTo(agentA), undefined);
    expect(answer.status).toBe(401);
    expect(answer.body.error_description).toMatch(/no client certificate/);
  });

  it('is refused from the certificate it is bound to when the server did not authorize it', async () => {
    const answer = await call(running.url, await boundTo(rogue), rogue);
    expect(answer.status).toBe(401);
    expect(answer.body.error_description).toMatch(/no client certificate/);
  });

  it('leaves a token without cnf a Bearer token, with or without a certificate', async () => {
    const token = await accessToken('keycloak', idpKey);
    expect((await call(running.url, token, undefined)).status).toBe(200);
    expect((await call(running.url, token, agentB)).status).toBe(200);
  });

  it('audits the refusals as binding_mismatch and logs nothing of a certificate', () => {
    const reasons = logger.events
      .filter((entry) => entry.event === 'dual_auth_decision' && entry.level === 'warn')
      .map((entry) => entry.fields?.reason);
    expect(reasons.length).toBeGreaterThan(0);
    expect(new Set(reasons)).toEqual(new Set(['access_token.binding_mismatch']));
    const logged = JSON.stringify(logger.events);
    for (const client of [agentA, agentB, rogue]) {
      expect(logged).not.toContain(client.thumbprint);
      expect(logged).not.toContain(client.certPem.split('\n')[1]);
    }
  });
});
