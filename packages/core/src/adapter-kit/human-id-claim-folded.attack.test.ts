import { describe, expect, it } from 'vitest';
import { isHumanIdClaimName } from './human-id-claim.js';

// Attack (wave 24): a sensitive claim name spelled in another case or format was accepted as the
// claim that holds the human's id, so its value (an email, a name) was logged as an id.
describe('attack: a sensitive claim name in another case or format', () => {
  it.each([
    'Email',
    'E-Mail',
    'EMAIL',
    'given-name',
    'given_name',
    'GivenName',
    'UPN',
    'Preferred-Username',
    'preferred.username',
    'Name',
  ])('refuses %j as the human id claim', (claim) => {
    expect(isHumanIdClaimName(claim)).toBe(false);
  });

  // Logins, emails and display names a user may edit, as IdPs name them: Auth0's `nickname`,
  // Entra's `mail` and `userPrincipalName` (Graph), a plain `username`, a list of `emails`.
  it.each(['mail', 'nickname', 'username', 'userPrincipalName', 'user_principal_name', 'emails'])(
    'refuses %j, a value a user may edit, as the human id claim',
    (claim) => {
      expect(isHumanIdClaimName(claim)).toBe(false);
    },
  );

  it('still takes an id claim', () => {
    expect(isHumanIdClaimName('uid')).toBe(true);
    expect(isHumanIdClaimName('https://example.com/user_id')).toBe(true);
  });
});
