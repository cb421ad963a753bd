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

// A user token may carry no `scp` (only the user's app-role assignments in `roles`) and the
// optional `idtyp` is often not configured: it still bears claims no app-only token can.
describe('entraUserTokenClaim: a user token without scp or idtyp', () => {
  it('names a v1 user token by its upn, unique_name or public-client appidacr 0', () => {
    const v1 = {
      ver: '1.0',
      appid: '11111111-0000-0000-0000-00000000a9e7',
      sub: 'pairwise-user-sub',
      oid: '00000000-0000-0000-0000-0000000a11ce',
      roles: ['FinanceAgent'],
    };
    expect(entraUserTokenClaim({ ...v1, upn: 'operator@contoso.example' })).toBe('upn');
    expect(entraUserTokenClaim({ ...v1, unique_name: 'operator@contoso.example' })).toBe(
      'unique_name',
    );
    expect(entraUserTokenClaim({ ...v1, appidacr: '0' })).toBe('appidacr');
  });

  it('names a v2 user token of a public client (azpacr 0)', () => {
    expect(
      entraUserTokenClaim({
        ver: '2.0',
        azp: '11111111-0000-0000-0000-00000000a9e7',
        azpacr: '0',
        sub: 'pairwise-user-sub',
        oid: '00000000-0000-0000-0000-0000000a11ce',
        roles: ['FinanceAgent'],
      }),
    ).toBe('azpacr');
  });

  it('passes an app-only token of a confidential client (azpacr 1 or 2)', () => {
    expect(entraUserTokenClaim({ azpacr: '2', roles: ['FinanceAgent'] })).toBeUndefined();
    expect(entraUserTokenClaim({ appidacr: '1', roles: ['FinanceAgent'] })).toBeUndefined();
  });
});
