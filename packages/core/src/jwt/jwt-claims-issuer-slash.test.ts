import { describe, expect, it } from 'vitest';
import { checkJwtClaims } from './jwt-claims.js';

// Fix (Session 39, mcpuser): a guard given its IdP's issuer with a trailing slash
// (`https://idp.example/realms/agbac/`, or the IdP writing one and the setting without) refused
// every token with "Access token has an unexpected issuer", which says neither why nor what to
// change. Issuers are compared exactly (RFC 8414 §3.3, RFC 9068 §4); the refusal keeps its reason
// and now names the trailing slash and the fix, quoting neither issuer.
const NOW_S = 1_800_000_000;
const rules = {
  label: 'Access token',
  audience: 'https://mcp.example.com/mcp',
  nowMs: NOW_S * 1000,
  clockToleranceSeconds: 0,
};
const claims = (iss: string) => ({ iss, aud: rules.audience, iat: NOW_S - 10, exp: NOW_S + 60 });
const HINT =
  'Access token has an unexpected issuer ("iss"): it differs from the expected one by a trailing slash only; set the issuer exactly as the IdP metadata writes it (RFC 8414 §3.3)';

describe('checkJwtClaims: an issuer that differs by a trailing slash says so', () => {
  it.each([
    [
      'the setting has the slash',
      'https://idp.example/realms/agbac',
      'https://idp.example/realms/agbac/',
    ],
    [
      'the token has the slash',
      'https://idp.example/realms/agbac/',
      'https://idp.example/realms/agbac',
    ],
  ])('%s', (_, iss, issuer) => {
    expect(() => checkJwtClaims(claims(iss), { ...rules, issuer })).toThrow(
      expect.objectContaining({ reason: 'wrong_issuer', claim: 'iss', message: HINT }),
    );
  });

  it('among several expected issuers', () => {
    const issuer = ['https://other.example', 'https://idp.example/realms/agbac/'];
    expect(() =>
      checkJwtClaims(claims('https://idp.example/realms/agbac'), { ...rules, issuer }),
    ).toThrow(HINT);
  });

  it('says nothing more of another issuer', () => {
    const issuer = 'https://idp.example/realms/agbac';
    expect(() =>
      checkJwtClaims(claims('https://evil.example/realms/agbac/'), { ...rules, issuer }),
    ).toThrow(
      expect.objectContaining({
        reason: 'wrong_issuer',
        message: 'Access token has an unexpected issuer',
      }),
    );
  });
});
