import { encodeBase64url } from '@dual-auth/core/jwt';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey } from '../test/support/token-kit.js';
import { recordingLogger } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { withDualAuth } from './fetch/index.js';
import type { GuardInput } from './guard-decision.js';
import { type DualAuthEnv, dualAuth as honoDualAuth } from './hono/index.js';
import { peerCertificateOf } from './node-tls-client-certificate.js';

// Feature (Session 14, mtls14): tlsClientCertificate 'tls-connection-any-issuer' takes the client
// certificate of the connection whoever issued it (self-signed, RFC 8705 §2.2), once the handshake
// completed; the guard input's reader it reads, and where it is refused. Over real mutual TLS:
// mtls-self-signed.int.test.ts.

const raw = Uint8Array.of(0x30, 0x82, 0x01, 0x0a);
const socket = (fields: { authorized: boolean; authorizationError?: unknown }) => ({
  ...fields,
  getPeerCertificate: () => ({ raw }),
});

describe("peerCertificateOf(socket, 'any')", () => {
  it('gives a certificate the server verified and did not authorize (self-signed)', () => {
    const unauthorized = socket({
      authorized: false,
      authorizationError: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(peerCertificateOf(unauthorized, 'any')).toBe(raw);
    expect(peerCertificateOf(unauthorized)).toBeUndefined();
  });

  it('gives an authorized certificate', () => {
    expect(peerCertificateOf(socket({ authorized: true }), 'any')).toBe(raw);
  });

  it('gives none before the server verified the certificate (no authorizationError yet)', () => {
    expect(peerCertificateOf(socket({ authorized: false }), 'any')).toBeUndefined();
    expect(
      peerCertificateOf(socket({ authorized: false, authorizationError: '' }), 'any'),
    ).toBeUndefined();
    expect(
      peerCertificateOf(socket({ authorized: false, authorizationError: {} }), 'any'),
    ).toBeUndefined();
  });
});

const idpKey = await createSigningKey('idp-1');
const GUARD = keycloakGuardOptions(idpKey.publicKey);
const CERT = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 11) % 256);
const THUMBPRINT = encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', CERT)));
const boundToken = await accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': THUMBPRINT } });

describe("a guard with 'tls-connection-any-issuer'", () => {
  const input = (readers: Partial<GuardInput>): GuardInput => ({
    authorization: `Bearer ${boundToken}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/api/balance',
    ...readers,
  });
  const anyIssuer = createDualAuthGuard({
    ...GUARD,
    tlsClientCertificate: 'tls-connection-any-issuer',
  });
  const authorizedOnly = createDualAuthGuard({ ...GUARD, tlsClientCertificate: 'tls-connection' });

  it('reads tlsClientCertificateAnyIssuer of the input; a tls-connection guard never does', async () => {
    const readers = {
      tlsClientCertificate: () => undefined,
      tlsClientCertificateAnyIssuer: () => CERT,
    };
    expect((await anyIssuer.check(input(readers))).decision).toBe('ALLOW');
    expect(await authorizedOnly.check(input(readers))).toMatchObject({
      decision: 'DENY',
      audit: { reason: 'access_token.binding_mismatch' },
    });
  });

  it("reads a custom server's tlsClientCertificate when it gives no any-issuer reader", async () => {
    expect((await anyIssuer.check(input({ tlsClientCertificate: () => CERT }))).decision).toBe(
      'ALLOW',
    );
  });

  it('is refused in withDualAuth, whose fetch Request has no socket', () => {
    expect(() =>
      withDualAuth(() => new Response(''), {
        ...GUARD,
        tlsClientCertificate: 'tls-connection-any-issuer',
      }),
    ).toThrow(
      /withDualAuth: options.tlsClientCertificate 'tls-connection-any-issuer' .*pass a function/,
    );
  });
});

describe("Hono with 'tls-connection' off @hono/node-server (no c.env.incoming)", () => {
  it('answers a certificate-bound token 503, never admits or blames the client', async () => {
    const logger = recordingLogger();
    const app = new Hono<DualAuthEnv>();
    app.use('/api/*', honoDualAuth({ ...GUARD, tlsClientCertificate: 'tls-connection', logger }));
    app.get('/api/balance', (c) => c.json({ ok: true }));
    const answer = await app.request('/api/balance', {
      headers: { authorization: `Bearer ${boundToken}` },
    });
    expect(answer.status).toBe(503);
    expect(logger.events).toContainEqual(
      expect.objectContaining({
        event: 'dual_auth_verification_unavailable',
        fields: { error_type: 'TypeError' },
      }),
    );
  });
});
