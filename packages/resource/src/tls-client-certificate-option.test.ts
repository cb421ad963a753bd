import { createTestCa } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey, NOW_S, VENDOR_SETUP } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { dualAuth as expressDualAuth } from './express/index.js';
import { dualAuth as fastifyDualAuth } from './fastify/index.js';
import { withDualAuth } from './fetch/index.js';
import { dualAuth as honoDualAuth } from './hono/index.js';
import { peerCertificateOf } from './node-tls-client-certificate.js';

// Feature (Session 13, mtls13): where a certificate-bound token's client certificate comes from
// (RFC 8705 §3), and what the guard refuses at creation.

const idpKey = await createSigningKey('idp-1');
const ca = await createTestCa();
const [agentCert, otherCert] = [
  (await ca.issueServerCertificate()).certPem,
  (await ca.issueServerCertificate()).certPem,
];

// What a TLS-terminating gateway forwards (nginx's $ssl_client_escaped_cert), read back as DER:
// the README's example of a tlsClientCertificate function.
function certificateFromHeader(request: Request): Uint8Array | undefined {
  const escaped = request.headers.get('x-ssl-client-cert');
  if (escaped === null) return undefined;
  const base64 = decodeURIComponent(escaped)
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

async function thumbprintOf(pem: string): Promise<string> {
  const der = certificateFromHeader(
    new Request('https://api.example/', {
      headers: { 'x-ssl-client-cert': encodeURIComponent(pem) },
    }),
  ) as Uint8Array<ArrayBuffer>;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', der));
  return btoa(String.fromCharCode(...digest))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

const boundToken = await accessToken('keycloak', idpKey, {
  cnf: { 'x5t#S256': await thumbprintOf(agentCert) },
});

function requestWith(certPem: string | undefined): Request {
  return new Request('https://api.example/api/balance', {
    headers: {
      authorization: `Bearer ${boundToken}`,
      ...(certPem === undefined ? {} : { 'x-ssl-client-cert': encodeURIComponent(certPem) }),
    },
  });
}

const GUARD = keycloakGuardOptions(idpKey.publicKey);

describe('tlsClientCertificate as a function of the fetch Request (a gateway header)', () => {
  const guard = createDualAuthGuard({ ...GUARD, tlsClientCertificate: certificateFromHeader });

  it('checkRequest admits the token from its certificate, refuses another and none', async () => {
    expect((await guard.checkRequest(requestWith(agentCert))).decision).toBe('ALLOW');
    for (const cert of [otherCert, undefined]) {
      expect(await guard.checkRequest(requestWith(cert))).toMatchObject({
        decision: 'DENY',
        status: 401,
        body: { error: 'invalid_token' },
        audit: { reason: 'access_token.binding_mismatch' },
      });
    }
  });

  it('withDualAuth reads it too', async () => {
    const handler = withDualAuth(() => Response.json({ ok: true }), {
      ...GUARD,
      tlsClientCertificate: certificateFromHeader,
    });
    expect((await handler(requestWith(agentCert))).status).toBe(200);
    expect((await handler(requestWith(otherCert))).status).toBe(401);
  });

  it('answers 503 when the function throws', async () => {
    const failing = createDualAuthGuard({
      ...GUARD,
      tlsClientCertificate: () => {
        throw new Error('bad header');
      },
    });
    expect(await failing.checkRequest(requestWith(agentCert))).toMatchObject({
      decision: 'DENY',
      status: 503,
      audit: { reason: 'verification_unavailable' },
    });
  });
});

describe("tlsClientCertificate 'tls-connection' (the guard input's certificate)", () => {
  const der = certificateFromHeader(requestWith(agentCert)) as Uint8Array;
  const input = {
    authorization: `Bearer ${boundToken}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/api/balance',
    tlsClientCertificate: () => der,
  };

  it('admits the token with the certificate of the input', async () => {
    const guard = createDualAuthGuard({ ...GUARD, tlsClientCertificate: 'tls-connection' });
    expect((await guard.check(input)).decision).toBe('ALLOW');
  });

  it('is opt-in: without the option, a certificate in the input changes nothing', async () => {
    const guard = createDualAuthGuard(GUARD);
    expect(await guard.check(input)).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'access_token.binding_mismatch' },
    });
  });
});

describe('an introspection answer with cnf["x5t#S256"] (RFC 8705 §3.2)', () => {
  const setup = VENDOR_SETUP.keycloak;
  const answer = async () => ({
    active: true,
    iss: setup.issuer,
    aud: setup.audience,
    iat: NOW_S,
    exp: NOW_S + 3600,
    ...setup.claims(setup.agentId),
    cnf: { 'x5t#S256': await thumbprintOf(agentCert) },
  });
  const { keys: _keys, ...withoutKeys } = GUARD;
  const guard = createDualAuthGuard({
    ...withoutKeys,
    introspection: { introspect: answer },
    tlsClientCertificate: certificateFromHeader,
  });
  const opaque = (certPem: string | undefined) => {
    const request = requestWith(certPem);
    request.headers.set('authorization', 'Bearer opaque-reference-token');
    return request;
  };

  it('is checked as a JWT is: its certificate admitted, another refused', async () => {
    expect((await guard.checkRequest(opaque(agentCert))).decision).toBe('ALLOW');
    expect(await guard.checkRequest(opaque(otherCert))).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'access_token.binding_mismatch' },
    });
  });
});

describe('peerCertificateOf, the Node middlewares’ read of the TLS socket', () => {
  const raw = Uint8Array.of(0x30, 0x82, 0x01, 0x0a);
  const socket = (authorized: boolean, certificate: unknown) => ({
    authorized,
    getPeerCertificate: () => certificate,
  });

  it('gives the DER of a certificate the server authorized', () => {
    expect(peerCertificateOf(socket(true, { raw }))).toBe(raw);
  });

  it('gives none for a certificate the server did not authorize', () => {
    expect(peerCertificateOf(socket(false, { raw }))).toBeUndefined();
  });

  it('gives none for a connection without a certificate, or a plain socket', () => {
    expect(peerCertificateOf(socket(true, {}))).toBeUndefined();
    expect(peerCertificateOf(socket(true, null))).toBeUndefined();
    expect(peerCertificateOf({ remoteAddress: '127.0.0.1' })).toBeUndefined();
    expect(peerCertificateOf(undefined)).toBeUndefined();
  });
});

describe('tlsClientCertificate refused at creation', () => {
  it('when it is neither form', () => {
    expect(() =>
      createDualAuthGuard({ ...GUARD, tlsClientCertificate: 'socket' as never }),
    ).toThrow(/options.tlsClientCertificate must be 'tls-connection'.* or a function/);
  });

  it("with boundTokens: 'checked-upstream'", () => {
    expect(() =>
      createDualAuthGuard({
        ...GUARD,
        tlsClientCertificate: 'tls-connection',
        boundTokens: 'checked-upstream',
      }),
    ).toThrow(/give one of them/);
  });

  it('as a function in Express and Fastify, which have no fetch Request', () => {
    const options = { ...GUARD, tlsClientCertificate: certificateFromHeader };
    expect(() => expressDualAuth(options)).toThrow(
      /dualAuth \(@dual-auth\/resource\/express\): .*pass 'tls-connection'/,
    );
    expect(() => fastifyDualAuth(options)).toThrow(
      /dualAuth \(@dual-auth\/resource\/fastify\): .*pass 'tls-connection'/,
    );
    expect(expressDualAuth({ ...GUARD, tlsClientCertificate: 'tls-connection' })).toBeTypeOf(
      'function',
    );
  });

  // Session 14 (mtls14): Hono on Node reads @hono/node-server's c.env.incoming.socket instead.
  it("as 'tls-connection' in withDualAuth, whose fetch Request has no socket", () => {
    const options = { ...GUARD, tlsClientCertificate: 'tls-connection' as const };
    expect(() => withDualAuth(() => new Response(''), options)).toThrow(
      /withDualAuth: .*pass a function/,
    );
    expect(honoDualAuth(options)).toBeTypeOf('function');
  });
});
