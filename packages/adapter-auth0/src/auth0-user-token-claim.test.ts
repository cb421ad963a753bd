import { describe, expect, it } from 'vitest';
import { auth0UserTokenClaim } from './auth0-user-token-claim.js';

describe('auth0UserTokenClaim (legacy: the client’s own token)', () => {
  it('accepts a client-credentials token of its azp', () => {
    const own = { gty: 'client-credentials', sub: 'agent@clients', azp: 'agent' };
    expect(auth0UserTokenClaim(own)).toBeUndefined();
  });

  it('refuses a user’s token and another client’s', () => {
    expect(auth0UserTokenClaim({ sub: 'auth0|7', azp: 'agent' })).toBe('sub');
    expect(auth0UserTokenClaim({ sub: 'other@clients', azp: 'agent' })).toBe('sub');
  });

  // Review brk25: core parses claims onto null prototypes, which String() cannot convert: an
  // object azp threw a TypeError instead of refusing the token.
  it('refuses a token whose azp is an object, as core parses it', () => {
    const azp = Object.assign(Object.create(null), { id: 'agent' });
    expect(auth0UserTokenClaim({ sub: 'agent@clients', azp })).toBe('sub');
  });
});
