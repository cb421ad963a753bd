import { type DualAuthAuditEvent, StoreUnavailableError } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { idpJwksPerSuite } from '../test/support/idp-jwks-per-suite.js';
import {
  accessToken,
  fixedClock,
  type JwksServer,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
} from '../test/support/token-kit.js';
import { scenarioGuardOptions } from '../test/support/vendor-scenario.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

const ENTRA_ISSUER = 'https://sts.windows.net/tenant-id/';
const ENTRA_AUDIENCE = 'api://finance';

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

const cutoffStoreDown = {
  endDelegation: async () => undefined,
  cutoffOf: () => Promise.reject(new StoreUnavailableError('cutoff', 'Redis did not answer')),
};

// Off Node (Workers: no node:crypto), the audit record of a refusal after the token verified (here
// the cut-off store down) named an email-shaped human `sha256:unavailable`: the guard now
// prepares the digest with Web Crypto before it writes the record, for an email in `oid` too
// (Entra's rfc8693 layout: a legacy act-claim token's `act.oid` is never the human's).
it.each([
  ['keycloak legacy', { sub: 'alice@corp.example' }, 'alice@corp.example', null],
  [
    'entraid rfc8693',
    { sub: 'api-pairwise-sub', oid: 'jane@corp.example' },
    'jane@corp.example',
    'jane@corp.example',
  ],
] as const)(
  'off Node, a refusal audit (%s) names the verified human %j by its digest',
  async (layout, human, email, oid) => {
    const expected = await webCryptoDigest(email);
    const audits: DualAuthAuditEvent[] = [];
    const onDecision = (a: DualAuthAuditEvent) => audits.push(a);
    const guard =
      layout === 'keycloak legacy'
        ? createDualAuthGuard({
            ...scenarioGuardOptions('keycloak', { jwks, appPem: '', onDecision }),
            cutoffStore: cutoffStoreDown,
          })
        : createDualAuthGuard({
            profile: PROFILE.entraid,
            layout: 'rfc8693',
            issuer: ENTRA_ISSUER,
            audience: ENTRA_AUDIENCE,
            keys: idpKey.publicKey,
            clock: fixedClock,
            cutoffStore: cutoffStoreDown,
            agentAllowed: () => true,
            humanAllowed: () => true,
            onDecision,
          });
    const token =
      layout === 'keycloak legacy'
        ? await accessToken('keycloak', idpKey, { act: human })
        : await signJwt(
            {
              iss: ENTRA_ISSUER,
              aud: ENTRA_AUDIENCE,
              iat: NOW_S - 60,
              exp: NOW_S + 3000,
              ...human,
              idtyp: 'user',
              appid: 'agent-identity-app-id',
              azp: 'agent-identity-app-id',
              scp: 'access_as_user',
              xms_act_fct: '3 9 11',
            },
            idpKey,
          );
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
