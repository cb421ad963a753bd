import { describe, expect, it } from 'vitest';
import { otherJwtKindOf } from './other-jwt-kind.js';

describe('otherJwtKindOf', () => {
  it('names a kind that is never an access token, without case or application/ prefix', () => {
    expect(otherJwtKindOf('dpop+jwt')).toBe('a DPoP proof (typ dpop+jwt)');
    expect(otherJwtKindOf('application/ACT+JWT')).toBe('an act assertion (typ act+jwt)');
    expect(otherJwtKindOf('at+jwt')).toBeUndefined();
    expect(otherJwtKindOf('application/okta-internal-at+jwt')).toBeUndefined();
    expect(otherJwtKindOf(undefined)).toBeUndefined();
  });

  it('leaves out the kind the caller reads, and only that one', () => {
    expect(otherJwtKindOf('application/Act+JWT', 'act+jwt')).toBeUndefined();
    expect(otherJwtKindOf('dpop+jwt', 'act+jwt')).toBe('a DPoP proof (typ dpop+jwt)');
  });
});
