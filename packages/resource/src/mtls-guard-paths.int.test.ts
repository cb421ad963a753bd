import { createRemoteJwks } from '@dual-auth/core/adapter-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientCertificate,
  type ClientCertificateKit,
  callOverTls,
  createClientCertificateKit,
} from '../test/support/client-certificates.js';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createServerTls, type ServerTls, startHonoOverTls } from '../test/support/mtls-servers.js';
import { accessToken, type JwksServer, type SigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard, type DualAuthGuardOptions } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';
import { withDualAuth } from './fetch/index.js';
import { requestGuardInput } from './request-guard-input.js';

// Fix (Session 15, mtlsfn15): a guard built with a tlsClientCertificate function and then handed
// to a middleware, or called as guard.check, never called the function: Hono read the socket
// instead, withDualAuth and check refused the token as one "this API does not check". Every path
// a guard is used through now calls it, or refuses the guard at creation saying which form it needs.

let kit: ClientCertificateKit;
let serverCaPem: string;
let idpKey: SigningKey;
let jwks: JwksServer;
let agentA: ClientCertificate;
let agentB: ClientCertificate;
let tls: ServerTls;

idpJwksPerSuite((started) => ({ idpKey, jwks } = started), 'idp-1');
beforeAll(async () => {
  kit = createClientCertificateKit();
  const clientCaPem = kit.createCa('client-ca');
  agentA = kit.issueClientCertificate('client-ca', 'agent-a');
  agentB = kit.issueClientCertificate('client-ca', 'agent-b');
  ({ tls, serverCaPem } = await createServerTls(clientCaPem));
});

afterAll(() => kit?.remove());

// nginx's $ssl_client_escaped_cert, read back as DER; null when the header is missing.
const fromGateway = (request: Request): Uint8Array | null => {
  const escaped = request.headers.get('x-ssl-client-cert');
  if (escaped === null) return null;
  const base64 = decodeURIComponent(escaped).replace(/-----[A-Z ]+-----|\s+/g, '');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
};

function gatewayGuardOptions(
  logger = recordingLogger(),
  tlsClientCertificate: DualAuthGuardOptions['tlsClientCertificate'] = fromGateway,
): DualAuthGuardOptions {
  return {
    ...keycloakGuardOptions(createRemoteJwks(jwks.url, { fetch: jwks.server.fetch })),
    tlsClientCertificate,
    logger,
  };
}

const boundTo = (client: ClientCertificate) =>
  accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': client.thumbprint } });

const forwarded = (client: ClientCertificate) => ({
  'x-ssl-client-cert': encodeURIComponent(client.certPem),
});

function requestWith(token: string, headers: Record<string, string> = {}): Request {
  return new Request('https://api.example/api/balance', {
    headers: { ...headers, authorization: `Bearer ${token}` },
  });
}

describe('Hono on Node given a guard with a tlsClientCertificate function', () => {
  let running: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    running = await startHonoOverTls(createDualAuthGuard(gatewayGuardOptions()), tls);
  });
  afterAll(() => running?.close());

  it('admits the certificate the function reads (a gateway header), not the socket', async () => {
    const answer = await callOverTls(
      running.url,
      await boundTo(agentA),
      serverCaPem,
      undefined,
      false,
      forwarded(agentA),
    );
    expect(answer).toEqual({ status: 200, body: { agent: 'finance-agent', human: 'user-123' } });
  });

  it('refuses another certificate from the function, whatever the socket presented', async () => {
    const answer = await callOverTls(
      running.url,
      await boundTo(agentA),
      serverCaPem,
      agentA,
      false,
      forwarded(agentB),
    );
    expect(answer.status).toBe(401);
    expect(answer.body.error_description).toMatch(/another client certificate/);
  });
});

describe('withDualAuth given a guard', () => {
  it('calls its tlsClientCertificate function', async () => {
    const handler = withDualAuth(
      () => new Response('ok'),
      createDualAuthGuard(gatewayGuardOptions()),
    );
    const token = await boundTo(agentA);
    expect((await handler(requestWith(token, forwarded(agentA)))).status).toBe(200);
    const other = await handler(requestWith(token, forwarded(agentB)));
    expect(other.status).toBe(401);
    expect(((await other.json()) as { error_description: string }).error_description).toMatch(
      /another client certificate/,
    );
  });

  it.each(['tls-connection', 'tls-connection-any-issuer'] as const)(
    "is refused at creation when it reads the TLS socket ('%s')",
    (source) => {
      const guard = createDualAuthGuard(gatewayGuardOptions(recordingLogger(), source));
      expect(guard.certificateSource).toBe(source);
      expect(() => withDualAuth(() => new Response('ok'), guard)).toThrow(
        new RegExp(
          `withDualAuth: options.tlsClientCertificate '${source}' reads a Node TLS socket.*pass a function`,
        ),
      );
    },
  );
});

describe('Express and Fastify given a guard with a tlsClientCertificate function', () => {
  it('refuse it at creation, saying which form they read', () => {
    const guard = createDualAuthGuard(gatewayGuardOptions());
    expect(guard.certificateSource).toBe('function');
    expect(() => expressDualAuth(guard)).toThrow(
      /dualAuth \(@dual-auth\/resource\/express\): .*pass 'tls-connection'/,
    );
    expect(() => fastifyDualAuth(guard)).toThrow(
      /dualAuth \(@dual-auth\/resource\/fastify\): .*pass 'tls-connection'/,
    );
  });
});

describe('guard.check of a guard with a tlsClientCertificate function', () => {
  it('calls the function with the input request', async () => {
    const guard = createDualAuthGuard(gatewayGuardOptions());
    const token = await boundTo(agentA);
    const admitted = await guard.check(requestGuardInput(requestWith(token, forwarded(agentA))));
    expect(admitted.decision).toBe('ALLOW');
    const refused = await guard.check(requestGuardInput(requestWith(token, forwarded(agentB))));
    expect(refused.decision === 'DENY' && refused.body.error_description).toMatch(
      /another client certificate/,
    );
  });

  it('reads the input tlsClientCertificate when no request is given', async () => {
    const guard = createDualAuthGuard(gatewayGuardOptions());
    const decision = await guard.check({
      authorization: `Bearer ${await boundTo(agentA)}`,
      actAssertion: null,
      method: 'GET',
      route: '/api/balance',
      tlsClientCertificate: () => fromGateway(requestWith('', forwarded(agentA))),
    });
    expect(decision.decision).toBe('ALLOW');
  });

  it('answers 503 and logs what to pass when it has neither, not a refusal blaming the client', async () => {
    const logger = recordingLogger();
    const guard = createDualAuthGuard(gatewayGuardOptions(logger));
    const decision = await guard.check({
      authorization: `Bearer ${await boundTo(agentA)}`,
      actAssertion: null,
      method: 'GET',
      route: '/api/balance',
    });
    expect(decision.status).toBe(503);
    const unread = logger.events.find((entry) => entry.event === 'tls_client_certificate_unread');
    expect(unread?.fields?.hint).toMatch(/pass request .* or your own tlsClientCertificate/);
    // A token without cnf never reads the certificate: admitted as before.
    const plain = await guard.check({
      authorization: `Bearer ${await accessToken('keycloak', idpKey)}`,
      actAssertion: null,
      method: 'GET',
      route: '/api/balance',
    });
    expect(plain.decision).toBe('ALLOW');
  });
});

describe("guard.checkRequest of a guard reading the TLS socket ('tls-connection')", () => {
  it.each(['tls-connection', 'tls-connection-any-issuer'] as const)(
    '%s: answers 503 and logs what to pass, not a refusal blaming the client',
    async (source) => {
      const logger = recordingLogger();
      const guard = createDualAuthGuard(gatewayGuardOptions(logger, source));
      const decision = await guard.checkRequest(requestWith(await boundTo(agentA)));
      expect(decision.status).toBe(503);
      const unread = logger.events.find((entry) => entry.event === 'tls_client_certificate_unread');
      expect(unread?.fields?.hint).toMatch(
        new RegExp(
          `'${source}'.*pass your own reader in the input, or build the guard with a function`,
        ),
      );
      // A custom server giving its reader in guard.check's input is read as before.
      const admitted = await guard.check({
        ...requestGuardInput(requestWith(await boundTo(agentA))),
        tlsClientCertificate: () => fromGateway(requestWith('', forwarded(agentA))),
      });
      expect(admitted.decision).toBe('ALLOW');
    },
  );
});
