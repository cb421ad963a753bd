import { describe, expect, it } from 'vitest';
import { keycloakGuardOptions } from '../test/support/keycloak-guard-options.js';
import { accessToken, createSigningKey } from '../test/support/token-kit.js';
import { bearerChallenge, dpopChallenge } from './bearer-challenge.js';
import { withDualAuth } from './fetch/index.js';

// Found by newuser16 (Session 16): RFC 6750 §3 allows no `§` in `error_description`, so the
// challenge dropped it and a refusal's remedy read "RFC 8705 3" or "RFC 9449 7.2", a reference a
// reader cannot follow. The sign is written out as the word instead.

describe('a section sign in a challenge description', () => {
  it('is written as "section", in Bearer and DPoP challenges', () => {
    expect(bearerChallenge({ error: 'invalid_token', description: 'see RFC 8705 §3' })).toBe(
      'Bearer error="invalid_token", error_description="see RFC 8705 section 3"',
    );
    expect(
      dpopChallenge({ error: 'invalid_token', description: 'RFC 9449 §7.2', algs: ['ES256'] }),
    ).toBe('DPoP error="invalid_token", error_description="RFC 9449 section 7.2", algs="ES256"');
  });

  it("reads as a reference in a certificate-bound token's refusal", async () => {
    const idpKey = await createSigningKey('idp-1');
    const token = await accessToken('keycloak', idpKey, { cnf: { 'x5t#S256': 'A'.repeat(43) } });
    const api = withDualAuth(() => new Response('ok'), {
      ...keycloakGuardOptions(idpKey.publicKey),
      tlsClientCertificate: () => undefined,
    });
    const answer = await api(
      new Request('https://api.example/balance', { headers: { authorization: `Bearer ${token}` } }),
    );
    expect(answer.status).toBe(401);
    const challenge = answer.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain('RFC 8705 section 3');
    expect(challenge).not.toMatch(/RFC \d+ \d/);
  });
});
