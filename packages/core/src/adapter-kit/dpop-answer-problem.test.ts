import { describe, expect, it } from 'vitest';
import { dpopAnswerProblem } from './dpop-answer-problem.js';
import { parseTokenResponse, tokenAnswerProblem } from './parse-token-response.js';

const JKT = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: object) => `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64(claims)}.sig`;
const rules = { jkt: JKT };

describe('token answers to a DPoP request (RFC 9449 §5, §6.1)', () => {
  it('uses token_type DPoP in any case, bound to the key or opaque, as tokenType DPoP', () => {
    for (const [token, type] of [
      [jwt({ sub: 'a', cnf: { jkt: JKT } }), 'DPoP'],
      ['opaque-token', 'dpop'],
    ] as const) {
      const json = { access_token: token, token_type: type };
      expect(dpopAnswerProblem(json, rules)).toBe(undefined);
      expect(tokenAnswerProblem(json, { dpopRequested: true })).toBe(undefined);
      const parsed = parseTokenResponse(json, {
        requestedScope: ['s'],
        defaultExpiresInSeconds: 60,
        dpopRequested: true,
      });
      expect(parsed.tokenType).toBe('DPoP');
    }
  });

  it('refuses a token bound to another key (cnf.jkt)', () => {
    const token = jwt({ sub: 'a', cnf: { jkt: 'another-thumbprint' } });
    expect(dpopAnswerProblem({ access_token: token, token_type: 'DPoP' }, rules)).toMatch(
      /^the access token is bound to another key: its cnf\.jkt is not the dpop key's thumbprint \(RFC 9449 §6\.1\)/,
    );
  });

  it('refuses a Bearer answer as a downgrade, saying what to do, unless unbound tokens are accepted', () => {
    for (const type of ['Bearer', undefined]) {
      expect(dpopAnswerProblem({ access_token: 'T', token_type: type }, rules)).toBe(
        'token_type Bearer to a DPoP request: the IdP did not bind the token to the dpop key (RFC 9449 §5); enable DPoP-bound tokens for this client at the IdP, or set dpop.acceptUnboundTokens: true to use unbound tokens',
      );
    }
    const accepting = { jkt: JKT, acceptUnboundTokens: true };
    expect(dpopAnswerProblem({ access_token: 'T', token_type: 'bearer' }, accepting)).toBe(
      undefined,
    );
  });

  it('refuses a DPoP JWT that carries no cnf.jkt as unbound, unless unbound tokens are accepted', () => {
    // A JWT the IdP labels DPoP but did not bind (§6.1) works for whoever copies it, as a Bearer
    // answer does: the same downgrade.
    for (const claims of [
      { sub: 'a' },
      { sub: 'a', cnf: 'x' },
      { sub: 'a', cnf: { 'x5t#S256': 'c' } },
    ]) {
      const json = { access_token: jwt(claims), token_type: 'DPoP' };
      expect(dpopAnswerProblem(json, rules)).toBe(
        'token_type DPoP with a JWT access token that has no cnf.jkt: the IdP did not bind the token to the dpop key (RFC 9449 §6.1); enable DPoP-bound tokens for this client at the IdP, or set dpop.acceptUnboundTokens: true to use unbound tokens',
      );
      expect(dpopAnswerProblem(json, { jkt: JKT, acceptUnboundTokens: true })).toBe(undefined);
    }
  });

  it('still refuses other token types, naming both it takes', () => {
    expect(
      tokenAnswerProblem({ access_token: 'T', token_type: 'mac' }, { dpopRequested: true }),
    ).toBe('token_type "mac" is not supported, only DPoP or Bearer (RFC 6749 §7.1)');
  });
});
