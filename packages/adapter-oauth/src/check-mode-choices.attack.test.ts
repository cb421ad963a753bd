import { ConfigurationError } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { checkModeChoices } from './check-mode-choices.js';

// Breaker13: the adapter-oauth README and OAuthConfig.humanIdClaim TSDoc say OAUTH_HUMAN_ID_CLAIM is
// refused when it "names `sub` itself, `oid`, `act`, a registered JWT claim or a client claim".
// The check's pattern lists only sub|oid|act|client_id|azp|cid|appid: the RFC 7519 §4.1 registered
// claims (iss, aud, exp, nbf, iat, jti) and RFC 8693 §4.4 `may_act` (the party allowed to act,
// i.e. the agent side) are accepted. `iss` is the same for every human of the server, so with
// OAUTH_HUMAN_ID_CLAIM=iss every token of that server "names" whatever act.sub equals the issuer
// and `sub` (the real human) is never compared.
describe('OAUTH_HUMAN_ID_CLAIM naming a registered JWT claim or may_act (attack)', () => {
  it.each([
    'iss',
    'aud',
    'exp',
    'nbf',
    'iat',
    'jti',
    'may_act',
    'email',
    'preferred_username',
    '__proto__',
    'constructor',
    'toString',
  ])('OAUTH_HUMAN_ID_CLAIM=%s is refused, as documented', (humanIdClaim) => {
    let thrown: unknown;
    try {
      checkModeChoices({ mode: 'token-exchange', humanIdClaim });
    } catch (error) {
      thrown = error;
    }
    expect(ConfigurationError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ variable: 'OAUTH_HUMAN_ID_CLAIM' });
  });

  it('OAUTH_HUMAN_ID_CLAIM=uid (Okta) and a namespaced claim are accepted', () => {
    for (const humanIdClaim of ['uid', 'https://example.com/user_id']) {
      expect(() => checkModeChoices({ mode: 'token-exchange', humanIdClaim })).not.toThrow();
    }
  });
});
