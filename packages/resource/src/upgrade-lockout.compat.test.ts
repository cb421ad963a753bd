import { InMemoryReplayStore } from '@dual-auth/core';
import { calculateJwkThumbprint, createLocalJWKSet } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ACT_AUDIENCE,
  accessToken,
  actAssertion,
  createSigningKey,
  fixedClock,
  NOW_S,
  PROFILE,
  type SigningKey,
  signJwt,
  VENDOR_SETUP,
} from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn } from './subject-checks.js';
import { verifyDualSubjectToken } from './verify-dual-subject-token.js';

// Upgrade-safety review (breaker15): real token shapes and setups that the Session 8 refusals
// lock out, and a shape they let through. Each case says which vendor behaviour it stands for.
let idpKey: SigningKey;
let appKey: SigningKey;
beforeAll(async () => {
  [idpKey, appKey] = await Promise.all([createSigningKey('idp'), createSigningKey('app-key-1')]);
});

const KEYCLOAK = {
  issuer: 'https://kc.example.test/realms/agbac',
  audience: 'finance-api',
  agentId: 'finance-agent',
} as const;

async function keycloakRfc8693(claims: Record<string, unknown>) {
  const guard = createDualAuthGuard({
    profile: PROFILE.keycloak,
    layout: 'rfc8693',
    issuer: KEYCLOAK.issuer,
    audience: KEYCLOAK.audience,
    keys: idpKey.publicKey,
    clock: fixedClock,
    agentAllowed: agentIn([KEYCLOAK.agentId]),
    humanAllowed: () => true,
  });
  const token = await signJwt(
    { iss: KEYCLOAK.issuer, aud: KEYCLOAK.audience, iat: NOW_S, exp: NOW_S + 3600, ...claims },
    idpKey,
  );
  return guard.check({
    authorization: `Bearer ${token}`,
    actAssertion: undefined,
    method: 'GET',
    route: '/accounts/42',
  });
}

describe('Keycloak rfc8693: a user’s exchanged token from an agent client with service accounts on', () => {
  // Before Keycloak 25, turning "Service accounts enabled" on added three protocol mappers to the
  // client itself ("Client ID" → clientId, "Client Host" → clientHost, "Client IP Address" →
  // clientAddress), so EVERY access token issued to that client carried them, a user's too. Realms
  // upgraded to 25+ keep those client mappers (only new clients get the `service_account` scope)
  // (https://www.keycloak.org/docs/latest/upgrading/#new-client-scope-service_account). An agent
  // client that exchanges a user's token usually is confidential with a service account, so its
  // exchanged user tokens carry `clientId`: the profile reads that as a service account's token.
  it('is accepted: sub and preferred_username name a user, clientId is the client mapper', async () => {
    const decision = await keycloakRfc8693({
      sub: 'a1b2c3d4-0000-4000-8000-00000000a11c',
      typ: 'Bearer',
      azp: KEYCLOAK.agentId,
      preferred_username: 'alice',
      clientId: KEYCLOAK.agentId,
      clientHost: '10.0.0.7',
      clientAddress: '10.0.0.7',
      scope: 'finance.read',
      act: { sub: KEYCLOAK.agentId },
    });
    // Today: DENY, audit reason access_token.layout_mismatch ("clientId": a service account's).
    expect(decision.audit).not.toMatchObject({ reason: 'access_token.layout_mismatch' });
    expect(decision.decision).toBe('ALLOW');
  });
});

describe('Keycloak rfc8693: a service account token without the marks (hole)', () => {
  // A client with "Always use lightweight access token" (Keycloak 24+) drops every mapper not
  // flagged for lightweight tokens (preferred_username among them); an admin may also remove the
  // service_account scope's client_id mapper. The service account's own token then carries only
  // its user id in `sub`, and the rfc8693 "subject must be a user" check cannot see it.
  // (https://www.keycloak.org/docs/latest/server_admin/#_using_lightweight_access_token)
  it('is still refused: sub is the agent’s service-account user, not a human', async () => {
    const decision = await keycloakRfc8693({
      sub: '5f3c8a52-0000-4000-8000-5e7v1ce0acc7',
      typ: 'Bearer',
      azp: KEYCLOAK.agentId,
      scope: 'finance.read',
      act: { sub: KEYCLOAK.agentId },
    });
    expect(decision.decision).toBe('DENY');
  });
});

describe('Entra ID bound act assertion: one agent application whose JWKS uses standard kids', () => {
  // The resource README (“With one agent application, appKeys is its public key … or its JWKS”)
  // and every JWKS publisher (RFC 7638 thumbprints, key-vault key versions) name keys by their own
  // id, and rotation needs two distinct kids at once. Since Session 8 a JWKS given directly must
  // name each key by the APPLICATION id, and the Entra adapter sends no kid unless
  // `actAssertionKid` is set: a single-app setup that worked before is now refused
  // (binding_mismatch), though no other application's key is in that JWKS.
  it('accepts the app’s assertion signed under its RFC 7638 thumbprint kid', async () => {
    const kid = await calculateJwkThumbprint(appKey.publicJwk);
    const jwks = createLocalJWKSet({ keys: [{ ...appKey.publicJwk, kid }] });
    const entra = VENDOR_SETUP.entraid;
    const subject = await verifyDualSubjectToken(await accessToken('entraid', idpKey), {
      profile: PROFILE.entraid,
      issuer: entra.issuer,
      audience: entra.audience,
      keys: idpKey.publicKey,
      clock: fixedClock,
      boundActAssertion: {
        actAudience: ACT_AUDIENCE,
        appKeys: jwks,
        replayStore: new InMemoryReplayStore({ clock: fixedClock }),
      },
      actAssertion: await actAssertion(appKey, {}, { kid }),
    });
    expect(subject.agent.id).toBe(entra.agentId);
  });
});

describe('Keycloak legacy: the own client-credentials token of a client id with capitals', () => {
  // Keycloak stores every username in lower case ("Usernames in Keycloak are always lower case,
  // that's by design", https://github.com/keycloak/keycloak/issues/41243), the service account's
  // too: client `FinanceAgent` has the user `service-account-financeagent`, while `azp` and
  // `client_id` keep the client id's case. The legacy user-token check compares
  // preferred_username with `service-account-${azp}` exactly, so the agent's own token is refused.
  it('is accepted: preferred_username is the lower-cased service-account user', async () => {
    const keycloak = VENDOR_SETUP.keycloak;
    const token = await accessToken('keycloak', idpKey, {
      azp: 'FinanceAgent',
      client_id: 'FinanceAgent',
      preferred_username: 'service-account-financeagent',
    });
    const subject = await verifyDualSubjectToken(token, {
      profile: PROFILE.keycloak,
      issuer: keycloak.issuer,
      audience: keycloak.audience,
      keys: idpKey.publicKey,
      clock: fixedClock,
    });
    expect(subject.agent.id).toBe('FinanceAgent');
  });
});
