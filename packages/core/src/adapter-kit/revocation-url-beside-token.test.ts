import { describe, expect, it } from 'vitest';
import { revocationUrlBesideToken } from './revocation-url-beside-token.js';

describe('revocationUrlBesideToken', () => {
  it.each([
    [
      'https://kc.example/realms/r/protocol/openid-connect/token',
      '/protocol/openid-connect/revoke',
    ],
    [
      'https://kc.example/realms/r/protocol/openid-connect/token/',
      '/protocol/openid-connect/revoke',
    ],
    [
      'https://kc.example/realms/r/protocol/openid-connect/token?a=1',
      '/protocol/openid-connect/revoke?a=1',
    ],
    [
      'https://kc.example/realms/r/protocol/openid-connect/token#x',
      '/protocol/openid-connect/revoke',
    ],
  ])('%s → …%s', (tokenUrl, tail) => {
    expect(revocationUrlBesideToken(tokenUrl)).toBe(`https://kc.example/realms/r${tail}`);
  });

  it.each([
    'https://idp.example/oauth2/token-exchange',
    'https://idp.example/token/extra',
    'https://idp.example/?next=/token',
    'not a url /token',
  ])('gives no endpoint for %s', (tokenUrl) => {
    expect(revocationUrlBesideToken(tokenUrl)).toBeUndefined();
  });
});
