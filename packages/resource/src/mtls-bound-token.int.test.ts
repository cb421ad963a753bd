import type { Logger } from '@dual-auth/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientCertificate,
  type MtlsScenario,
  startMtlsScenario,
} from '../test/support/client-certificates.js';
import { startExpressOverTls, startFastifyOverTls } from '../test/support/mtls-servers.js';
import { accessToken } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Feature (Session 13, mtls13): Node terminates mutual TLS itself and the guard checks a
// certificate-bound token (RFC 8705 §3) against the client certificate of the connection: real
// TLS on loopback, client certificates from a CA the test makes with openssl, a token signed by
// the kit's IdP key and verified through its JWKS.

let mtls: MtlsScenario;
let agentA: ClientCertificate;
let agentB: ClientCertificate;
let rogue: ClientCertificate;

beforeAll(async () => {
  mtls = await startMtlsScenario();
  mtls.kit.createCa('rogue-ca');
  agentA = mtls.kit.issueClientCertificate('client-ca', 'agent-a');
  agentB = mtls.kit.issueClientCertificate('client-ca', 'agent-b');
  rogue = mtls.kit.issueClientCertificate('rogue-ca', 'agent-rogue');
});

afterAll(() => mtls?.close());

const call = (
  url: string,
  token: string,
  client: Pick<ClientCertificate, 'certPem' | 'keyPem'> | undefined,
) => mtls.call(url, token, client);

const guardOptions = (logger: Logger) => mtls.guardOptions('tls-connection', logger);

const boundTo = (client: ClientCertificate) => mtls.boundTo(client);

// Every mTLS server answers the same: only the framework in front of the guard differs.
describe.each([
  ['Express', startExpressOverTls],
  ['Fastify', startFastifyOverTls],
])('%s over mutual TLS, a certificate-bound token (RFC 8705 §3)', (_name, start) => {
  let running: { url: string; close(): Promise<void> };
  const logger = recordingLogger();
  beforeAll(async () => {
    running = await start(guardOptions(logger), mtls.tls);
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
    const token = await accessToken('keycloak', mtls.idpKey);
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

// Fix (Session 14, dpopreq14): a gateway header reader gives `headers.get()`'s null when the
// client sent no certificate; that was a 503 (our side failed), and is now the refusal a TLS
// connection without a client certificate gets: the client's to fix (RFC 8705 §3).
describe('a tlsClientCertificate function that gives null (no certificate header)', () => {
  let running: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    running = await startExpressOverTls(guardOptions(recordingLogger()), mtls.tls);
  });
  afterAll(() => running?.close());

  // nginx's $ssl_client_escaped_cert, read back as DER; null when the header is missing.
  const fromGateway = (request: Request): Uint8Array | null => {
    const escaped = request.headers.get('x-ssl-client-cert');
    if (escaped === null) return null;
    const base64 = decodeURIComponent(escaped).replace(/-----[A-Z ]+-----|\s+/g, '');
    return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
  };

  it("is refused 401 as 'tls-connection' refuses a connection without a client certificate", async () => {
    const token = await boundTo(agentA);
    const overTls = await call(running.url, token, undefined);
    const logger = recordingLogger();
    const guard = createDualAuthGuard({
      ...guardOptions(logger),
      tlsClientCertificate: fromGateway,
    });
    const decision = await guard.checkRequest(
      new Request(`${running.url}/api/balance`, { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(overTls.status).toBe(401);
    expect(
      decision.decision === 'DENY' && { status: decision.status, body: decision.body },
    ).toEqual(overTls);
    expect(decision.audit.reason).toBe('access_token.binding_mismatch');
    expect(logger.events.map((entry) => entry.event)).not.toContain(
      'dual_auth_verification_unavailable',
    );
  });

  it('still admits the certificate the token is bound to, from the header', async () => {
    const guard = createDualAuthGuard({
      ...guardOptions(recordingLogger()),
      tlsClientCertificate: fromGateway,
    });
    const request = new Request(`${running.url}/api/balance`, {
      headers: {
        authorization: `Bearer ${await boundTo(agentA)}`,
        'x-ssl-client-cert': encodeURIComponent(agentA.certPem),
      },
    });
    expect((await guard.checkRequest(request)).decision).toBe('ALLOW');
  });
});
