import { describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { createSigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { refuseSocketCertificateSource } from './fetch/index.js';

// Mend (Session 16, mend16): withDualAuth and @dual-auth/mcp's dualAuthMcpHandler refused a guard
// reading the TLS socket with two copies of one check; resource/fetch now exports the one check,
// taking the caller's remedy as @dual-auth/client's assertProvable does.

const idpKey = await createSigningKey('idp-1');
const guardWith = (tlsClientCertificate?: 'tls-connection' | 'tls-connection-any-issuer') =>
  createDualAuthGuard({
    ...keycloakGuardOptions(idpKey.publicJwk),
    ...(tlsClientCertificate === undefined ? {} : { tlsClientCertificate }),
  });

describe('refuseSocketCertificateSource of @dual-auth/resource/fetch', () => {
  it.each(['tls-connection', 'tls-connection-any-issuer'] as const)(
    "refuses a guard reading the TLS socket ('%s'), ending with the caller's remedy",
    (source) => {
      expect(() =>
        refuseSocketCertificateSource(guardWith(source), 'myHandler', 'serve it with Express'),
      ).toThrow(
        new TypeError(
          `myHandler: options.tlsClientCertificate '${source}' reads a Node TLS socket, which a fetch Request has not: serve it with Express`,
        ),
      );
      expect(() => refuseSocketCertificateSource(guardWith(source), 'withDualAuth')).toThrow(
        /^withDualAuth: .* reads a Node TLS socket, .*: pass a function \(request\) => the DER bytes/,
      );
    },
  );

  it('lets a guard without the TLS socket through', () => {
    expect(() => refuseSocketCertificateSource(guardWith(), 'myHandler', 'x')).not.toThrow();
  });
});
