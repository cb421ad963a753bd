import { describe, expect, it } from 'vitest';
import { entraUserTokenClaim } from './entraid-user-token-claim.js';

// Attack (breaker14), defence in depth: the legacy layout trusts `roles` as the APPLICATION's only
// when entraUserTokenClaim finds no user marker, and it looks at two only: `scp` and the OPTIONAL
// `idtyp` (not emitted unless the API's app registration asks for it). A user token that carries
// no `scp` (the user's app-role assignments in `roles`, no delegated permission in it) passes as
// the agent's own, and the agent is authorized by the signed-in user's roles. Such a token bears
// markers no app-only token can: `appidacr`/`azpacr` `0` (a public client, which cannot use the
// client credentials flow), `upn`/`unique_name`/`amr` (a signed-in user), `sub` ≠ `oid` (an
// app-only token's `sub` is its service principal's `oid`)
// (learn.microsoft.com/entra/identity-platform/access-token-claims-reference).
describe('entraUserTokenClaim: a user token without scp or idtyp', () => {
  it('names a v1 user token of a public client (appidacr 0, upn, amr) as a user token', () => {
    expect(
      entraUserTokenClaim({
        ver: '1.0',
        appid: '11111111-0000-0000-0000-00000000a9e7',
        appidacr: '0',
        upn: 'operator@contoso.example',
        unique_name: 'operator@contoso.example',
        amr: ['pwd', 'mfa'],
        sub: 'pairwise-user-sub',
        oid: '00000000-0000-0000-0000-0000000a11ce',
        roles: ['FinanceAgent'],
      }),
    ).toBeDefined();
  });

  it('names a v2 user token (azpacr 0, sub not the oid) as a user token', () => {
    expect(
      entraUserTokenClaim({
        ver: '2.0',
        azp: '11111111-0000-0000-0000-00000000a9e7',
        azpacr: '0',
        sub: 'pairwise-user-sub',
        oid: '00000000-0000-0000-0000-0000000a11ce',
        roles: ['FinanceAgent'],
      }),
    ).toBeDefined();
  });
});
