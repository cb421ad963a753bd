import { describe, expect, it } from 'vitest';
import { tlsTrustFailure } from './tls-trust-failure.js';

// The failures as a real untrusted server gives them are tested in @dual-auth/testing
// (`src/tls/tls-trust-failure.int.test.ts`); these cover the shapes other runtimes report.
describe('tlsTrustFailure', () => {
  it('finds an OpenSSL code anywhere in the cause chain (undici: error.cause.code)', () => {
    const socket = Object.assign(new Error('self-signed certificate in certificate chain'), {
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
    const failure = tlsTrustFailure(new TypeError('fetch failed', { cause: socket }));
    expect(failure?.code).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(failure?.advice).toContain('NODE_EXTRA_CA_CERTS=/path/ca.pem');
  });

  // wave32/newuser: `node --env-file=examples/.env app.js`, the env file holding
  // NODE_EXTRA_CA_CERTS (dual-auth-idp writes it there), still failed the TLS check, and the
  // advice said only to set NODE_EXTRA_CA_CERTS, which the newcomer had done: Node reads it when it
  // starts, before --env-file, so it must be set in the shell.
  it('says that NODE_EXTRA_CA_CERTS goes in the shell, not in an --env-file', () => {
    const leaf = Object.assign(new Error('unable to verify the first certificate'), {
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
    expect(tlsTrustFailure(new TypeError('fetch failed', { cause: leaf }))?.advice).toBe(
      "the server's certificate is not signed by a CA this runtime trusts: trust that CA with NODE_EXTRA_CA_CERTS=/path/ca.pem set in the shell (Node reads it when it starts, not from --env-file) or pass a fetch that trusts it; do not turn certificate checks off",
    );
  });

  it("reads Deno's rustls reason from the message", () => {
    const error = new TypeError(
      'error sending request: client error (Connect): invalid peer certificate: UnknownIssuer',
    );
    expect(tlsTrustFailure(error)).toMatchObject({ code: 'UnknownIssuer' });
    expect(
      tlsTrustFailure(new Error('invalid peer certificate: NotValidForName'))?.advice,
    ).toContain('does not name this host');
  });

  it('gives expired certificates their own advice', () => {
    const expired = Object.assign(new Error('certificate has expired'), {
      code: 'CERT_HAS_EXPIRED',
    });
    expect(tlsTrustFailure(expired)?.advice).toContain('renew it');
  });

  it('says nothing of other failures', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(tlsTrustFailure(new TypeError('fetch failed', { cause: refused }))).toBeUndefined();
    expect(tlsTrustFailure('CERT_HAS_EXPIRED')).toBeUndefined();
    expect(tlsTrustFailure(null)).toBeUndefined();
    expect(tlsTrustFailure({ code: 'toString' })).toBeUndefined();
  });
});
