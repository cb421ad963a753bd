import { type DualAuthAuditEvent, StoreUnavailableError } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import { accessToken, type JwksServer, type SigningKey } from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

let idpKey: SigningKey;
let jwks: JwksServer;
idpJwksPerSuite((started) => ({ idpKey, jwks } = started));
afterEach(() => {
  vi.unstubAllGlobals();
});

async function webCryptoDigest(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  const hex = Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0'));
  return `sha256:${hex.join('')}`;
}

// Off Node (Workers: no node:crypto), the audit record of a refusal after the token verified (here
// the cut-off store down) named an email-shaped human `sha256:unavailable`: the guard now
// prepares the digest with Web Crypto before it writes the record, for an email in `oid` too.
it.each([
  [{ sub: 'alice@corp.example' }, 'alice@corp.example', null],
  [{ sub: 'u-1', oid: 'jane@corp.example' }, 'jane@corp.example', 'jane@corp.example'],
])(
  'off Node, a refusal audit names the verified human %j by its digest',
  async (act, email, oid) => {
    const expected = await webCryptoDigest(email);
    const audits: DualAuthAuditEvent[] = [];
    const guard = createDualAuthGuard({
      ...scenarioGuardOptions('keycloak', { jwks, appPem: '', onDecision: (a) => audits.push(a) }),
      cutoffStore: {
        endDelegation: async () => undefined,
        cutoffOf: () => Promise.reject(new StoreUnavailableError('cutoff', 'Redis did not answer')),
      },
    });
    const token = await accessToken('keycloak', idpKey, { act });
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const decision = await guard.checkRequest(
      new Request('https://api.example.test/accounts/42', {
        headers: { authorization: `Bearer ${token}` },
      }),
    );
    vi.unstubAllGlobals();
    expect(decision.status).toBe(503);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      human_id: expected,
      human_oid: oid === null ? null : expected,
      identities: 'verified',
    });
    expect(JSON.stringify(audits)).not.toContain('@');
  },
);
