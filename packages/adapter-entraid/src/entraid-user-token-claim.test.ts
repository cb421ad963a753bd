import { describe, expect, it } from 'vitest';
import { entraUserTokenClaim } from './entraid-user-token-claim.js';

describe('entraUserTokenClaim: which Entra tokens are not the application’s own', () => {
  it('names scp or a non-app idtyp on a delegated token', () => {
    expect(entraUserTokenClaim({ scp: 'access_as_user', roles: ['FinanceAgent'] })).toBe('scp');
    expect(entraUserTokenClaim({ idtyp: 'user', roles: ['FinanceAgent'] })).toBe('idtyp');
    expect(entraUserTokenClaim({ idtyp: 'app', scp: '' })).toBe('scp');
  });

  it('passes an app-only token, with or without the optional idtyp', () => {
    expect(entraUserTokenClaim({ roles: ['FinanceAgent'], idtyp: 'app' })).toBeUndefined();
    expect(entraUserTokenClaim({ roles: ['FinanceAgent'] })).toBeUndefined();
  });
});
