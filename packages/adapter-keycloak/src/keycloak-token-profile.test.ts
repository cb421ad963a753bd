import { describe, expect, it } from 'vitest';
import { keycloakTokenProfile } from './keycloak-token-profile.js';

// Keycloak's service-account marks as real tokens carry them (upgrade-safety review breaker15).
const serviceSubjectClaim = keycloakTokenProfile.serviceSubjectClaim;
const userTokenClaim = keycloakTokenProfile.userTokenClaim;

describe('keycloakTokenProfile.serviceSubjectClaim (rfc8693: the subject must be a user)', () => {
  it.each([
    ['client_id (Keycloak 25+ service_account scope)', { client_id: 'finance-agent' }, 'client_id'],
    [
      'service-account- username',
      { preferred_username: 'service-account-finance-agent' },
      'preferred_username',
    ],
    [
      'clientId (pre-25 client mapper) with a service-account- username',
      { clientId: 'finance-agent', preferred_username: 'service-account-finance-agent' },
      'preferred_username',
    ],
    ['clientId without any username', { clientId: 'finance-agent' }, 'clientId'],
  ])('a service account’s token marked by %s is named', (_, marks, claim) => {
    expect(serviceSubjectClaim?.({ sub: 'sa-uuid', azp: 'finance-agent', ...marks })).toBe(claim);
  });

  it('a user’s token from a pre-25 client with the "Client ID" mapper is a user’s', () => {
    // Before Keycloak 25 that mapper sat on the client, so every token issued to it carries
    // clientId (https://www.keycloak.org/docs/latest/upgrading/#new-client-scope-service_account).
    const claims = {
      sub: 'alice-uuid',
      azp: 'finance-agent',
      preferred_username: 'alice',
      clientId: 'finance-agent',
      clientHost: '10.0.0.7',
      clientAddress: '10.0.0.7',
    };
    expect(serviceSubjectClaim?.(claims)).toBeUndefined();
  });
});

describe('keycloakTokenProfile.userTokenClaim (legacy: the client’s own token)', () => {
  it('accepts the own token of a client id with capitals: its username is lower case', () => {
    // https://github.com/keycloak/keycloak/issues/41243: usernames are always lower case.
    const own = {
      azp: 'FinanceAgent',
      client_id: 'FinanceAgent',
      clientId: 'FinanceAgent',
      preferred_username: 'service-account-financeagent',
    };
    expect(userTokenClaim?.(own)).toBeUndefined();
    expect(userTokenClaim?.({ azp: 'FinanceAgent', client_id: 'FinanceAgent' })).toBeUndefined();
  });

  it.each([
    ['another client’s id', { client_id: 'OtherAgent' }, 'client_id'],
    [
      'a user’s username',
      { clientId: 'FinanceAgent', preferred_username: 'alice' },
      'preferred_username',
    ],
    ['no mark at all', {}, 'client_id'],
  ])('refuses a token with %s', (_, marks, claim) => {
    expect(userTokenClaim?.({ azp: 'FinanceAgent', ...marks })).toBe(claim);
  });

  // Review brk25: core parses claims onto null prototypes, which String() cannot convert: an
  // object azp threw a TypeError instead of refusing the token.
  it('refuses a token whose azp is an object, as core parses it', () => {
    const azp = Object.assign(Object.create(null), { id: 'FinanceAgent' });
    expect(userTokenClaim?.({ azp, client_id: 'FinanceAgent' })).toBe('client_id');
    expect(userTokenClaim?.({ azp })).toBe('client_id');
  });
});
