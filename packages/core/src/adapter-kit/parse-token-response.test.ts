import { describe, expect, it } from 'vitest';
import { TokenRequestError } from '../errors/token-request-error.js';
import {
  MAX_EXPIRES_IN_SECONDS,
  missingScopes,
  parseTokenResponse,
  tokenAnswerProblem,
} from './parse-token-response.js';

const clock = { now: () => 1_000_000 };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An act assertion as the Entra adapter makes it (the signature does not matter here). */
const assertion = (claims: object) =>
  `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.SECRET-SIG`;

describe('parseTokenResponse', () => {
  it('applies the reference defaults', () => {
    const token = parseTokenResponse(
      { access_token: 'AT' },
      { requestedScope: ['finance.read', 'x'], defaultExpiresInSeconds: 86_400, clock },
    );
    expect(token).toMatchObject({
      accessToken: 'AT',
      tokenType: 'Bearer',
      expiresIn: 86_400,
      expiresAt: 1_000_000 + 86_400_000,
      scope: 'finance.read x',
      actAssertion: undefined,
    });
  });

  // iat 1000 s, exp 1300 s: 300 s after the clock's now (1 000 000 ms).
  const ACT = assertion({ iss: 'app', sub: 'app', iat: 1000, exp: 1300, act: { sub: 'u-1' } });

  it('keeps what the IdP sent, accepts a numeric-string expires_in, carries the act assertion', () => {
    const token = parseTokenResponse(
      { access_token: 'AT', token_type: 'bearer', expires_in: '3599', scope: 'api/.default' },
      { requestedScope: 'cfg', defaultExpiresInSeconds: 3599, actAssertion: ACT, clock },
    );
    expect(token).toMatchObject({ tokenType: 'bearer', expiresIn: 3599, scope: 'api/.default' });
    expect(token.actAssertion).toBe(ACT);
    expect(String(token)).not.toContain('SECRET-SIG');
  });

  it('ends the token no later than its act assertion, keeping expires_in as the IdP said', () => {
    const token = parseTokenResponse(
      { access_token: 'AT', expires_in: 3599 },
      { requestedScope: 'cfg', defaultExpiresInSeconds: 3599, actAssertion: ACT, clock },
    );
    expect(token.expiresIn).toBe(3599);
    expect(token.expiresAt).toBe(1_300_000);
    const longLived = parseTokenResponse(
      { access_token: 'AT', expires_in: 60 },
      { requestedScope: 'cfg', defaultExpiresInSeconds: 3599, actAssertion: ACT, clock },
    );
    expect(longLived.expiresAt).toBe(1_000_000 + 60_000);
  });

  // An attacker review: a JWT access token whose exp comes before expires_in was kept (cached)
  // past its exp, so every call until expires_in (up to a day) went out with a token the API
  // refuses (RFC 7519 §4.1.4: it must not be accepted on or after exp).
  it('ends a JWT access token no later than its exp, whatever expires_in says', () => {
    const jwt = (claims: object) => `${b64({ alg: 'RS256' })}.${b64(claims)}.SIG`;
    const short = parseTokenResponse(
      { access_token: jwt({ exp: 1_030 }), expires_in: 80_000 },
      { requestedScope: 'cfg', defaultExpiresInSeconds: 3600, clock },
    );
    expect(short.expiresIn).toBe(80_000);
    expect(short.expiresAt).toBe(1_030_000);
    const defaulted = parseTokenResponse(
      { access_token: jwt({ exp: 1_060 }) },
      { requestedScope: 'cfg', defaultExpiresInSeconds: 86_400, clock },
    );
    expect(defaulted.expiresAt).toBe(1_060_000);
    // exp later than expires_in, or not a number, or an opaque token: expires_in holds.
    for (const access_token of [jwt({ exp: 9_999_999 }), jwt({ exp: '1030' }), 'AT.not.json']) {
      const token = parseTokenResponse(
        { access_token, expires_in: 60 },
        { requestedScope: 'cfg', defaultExpiresInSeconds: 3600, clock },
      );
      expect(token.expiresAt).toBe(1_000_000 + 60_000);
    }
  });

  // Review (session 37): requestTokenEndpoint refused a JWT past its exp, but parseTokenResponse,
  // the kit's own parser a vendor may call on an answer it fetched itself, handed it out with an
  // expiresAt already past (the API refuses it; every call asks the IdP again).
  it('refuses a JWT access token whose exp is not after the clock given, as requestTokenEndpoint does', () => {
    const jwt = (claims: object) => `${b64({ alg: 'RS256' })}.${b64(claims)}.SIG`;
    for (const exp of [1_000, 999, 1]) {
      const run = () =>
        parseTokenResponse(
          { access_token: jwt({ exp }), expires_in: 60 },
          { requestedScope: 'cfg', defaultExpiresInSeconds: 3600, clock, vendor: 'acme' },
        );
      expect(run).toThrow(TokenRequestError);
      expect(run).toThrow(
        "Invalid response from acme: access_token is past its exp: check this host's clock and the IdP's (NTP)",
      );
    }
    const left = parseTokenResponse(
      { access_token: jwt({ exp: 1_001 }) },
      { requestedScope: 'cfg', defaultExpiresInSeconds: 3600, clock },
    );
    expect(left.expiresAt).toBe(1_001_000);
  });

  it('refuses an act assertion that is not a compact JWT, without quoting it', () => {
    const payload = b64({ exp: 1300 });
    for (const bad of ['SECRET-ACT', `x.${payload}`, `x.${payload}=.s`, `x.${b64([1300])}.s`]) {
      const run = () =>
        parseTokenResponse(
          { access_token: 'AT' },
          { requestedScope: 'cfg', defaultExpiresInSeconds: 3599, actAssertion: bad, clock },
        );
      expect(run).toThrow(TypeError);
      expect(run).toThrow('actAssertion must be a compact JWT');
      expect(run).not.toThrow(bad);
    }
  });

  it('refuses an expires_in that is not a number of seconds', () => {
    for (const bad of [-1, 'soon', {}, Number.NaN]) {
      expect(() =>
        parseTokenResponse(
          { access_token: 'AT', expires_in: bad },
          { requestedScope: [], defaultExpiresInSeconds: 1, vendor: 'okta', clock },
        ),
      ).toThrow(TokenRequestError);
    }
  });

  const parse = (json: Record<string, unknown>) =>
    parseTokenResponse(json as { access_token: string }, {
      requestedScope: [],
      defaultExpiresInSeconds: 3600,
      vendor: 'okta',
      label: 'Okta',
      clock,
    });

  it('caps expires_in at MAX_EXPIRES_IN_SECONDS, so no token lives for ever (#10.4)', () => {
    expect(MAX_EXPIRES_IN_SECONDS).toBe(86_400);
    for (const huge of [
      1e308,
      Number.POSITIVE_INFINITY,
      JSON.parse('1e400'),
      86_401,
      '99999999999999999999',
    ]) {
      const token = parse({ access_token: 'AT', expires_in: huge });
      expect(token.expiresIn).toBe(86_400);
      expect(token.expiresAt).toBe(1_000_000 + 86_400_000);
    }
  });

  it('rounds a fractional expires_in down', () => {
    expect(parse({ access_token: 'AT', expires_in: 299.9 }).expiresIn).toBe(299);
    expect(parse({ access_token: 'AT', expires_in: 1 }).expiresIn).toBe(1);
  });

  it('refuses a token that is already expired (expires_in 0, or under a second), saying what to check', () => {
    for (const spent of [0, '0', 0.5, '000']) {
      const call = () => parse({ access_token: 'AT', expires_in: spent });
      expect(call).toThrow(TokenRequestError);
      expect(call).toThrow(
        "Token request failed (HTTP 200): Invalid response from Okta: expires_in is 0: the IdP issued a token that is already expired; check the client's access-token lifespan on the IdP",
      );
    }
  });

  it('refuses an expires_in that is negative or not a plain number, naming the IdP', () => {
    for (const bad of [-1, Number.NEGATIVE_INFINITY, '3600.5', ' 60', '1e3', '', true, [], {}]) {
      const call = () => parse({ access_token: 'AT', expires_in: bad });
      expect(call).toThrow(TokenRequestError);
      expect(call).toThrow(
        'Token request failed (HTTP 200): Invalid response from Okta: expires_in is not a number of seconds',
      );
    }
  });

  it('refuses what requestTokenEndpoint refuses, for callers that parse JSON of their own', () => {
    expect(() => parse({ access_token: 'AT', token_type: 'DPoP' })).toThrow(
      'Invalid response from Okta: token_type DPoP needs the adapter option dpop (RFC 9449 §5)',
    );
    expect(() => parse({ access_token: 'A T' })).toThrow('access_token is not visible ASCII');
  });

  it('refuses a scope with a control or non-ASCII character (RFC 6749 §3.3), without quoting it', () => {
    // The scope goes into the token's toString() and the audit events: an escape sequence or a
    // line break there would drive a terminal or forge a log line.
    for (const bad of [
      'finance.read\u001b[2J',
      'a\nb',
      'a\u0085b',
      'finance.read \u202Eb',
      'a\u0000',
    ]) {
      const call = () => parse({ access_token: 'AT', scope: bad });
      expect(call).toThrow(TokenRequestError);
      expect(call).toThrow(
        'Invalid response from Okta: scope is not space-separated visible ASCII (RFC 6749 §3.3)',
      );
    }
    expect(parse({ access_token: 'AT', scope: 'openid email  profile "x"' }).scope).toBe(
      'openid email  profile "x"',
    );
  });
});

describe('tokenAnswerProblem for an RFC 8693 exchange (issuedTokenType)', () => {
  const AT = 'urn:ietf:params:oauth:token-type:access_token';
  const JAG = 'urn:ietf:params:oauth:token-type:id-jag';

  it('needs issued_token_type to be the type asked for', () => {
    expect(
      tokenAnswerProblem({ access_token: 'T', issued_token_type: AT }, { issuedTokenType: AT }),
    ).toBeUndefined();
    expect(tokenAnswerProblem({ access_token: 'T' }, { issuedTokenType: AT })).toMatch(
      /issued_token_type/,
    );
    expect(
      tokenAnswerProblem({ access_token: 'T', issued_token_type: JAG }, { issuedTokenType: AT }),
    ).toMatch(/not the requested/);
  });

  it('takes token_type N_A for a token that is not an access token, and only then', () => {
    const jag = { access_token: 'J', issued_token_type: JAG };
    expect(
      tokenAnswerProblem({ ...jag, token_type: 'N_A' }, { issuedTokenType: JAG }),
    ).toBeUndefined();
    expect(tokenAnswerProblem({ ...jag, token_type: 'Bearer' }, { issuedTokenType: JAG })).toMatch(
      /N_A/,
    );
    expect(tokenAnswerProblem({ access_token: 'T', token_type: 'N_A' })).toMatch(/only Bearer/);
    expect(
      tokenAnswerProblem(
        { access_token: 'T', issued_token_type: AT, token_type: 'N_A' },
        { issuedTokenType: AT },
      ),
    ).toMatch(/only Bearer/);
  });
});

describe('missingScopes (RFC 6749 §5.1: the IdP may grant less than asked)', () => {
  it('names the requested scopes the answer left out, none when it sent no scope', () => {
    expect(missingScopes(['finance.read', 'finance.write'], 'finance.read openid')).toEqual([
      'finance.write',
    ]);
    expect(missingScopes('a b', 'b a')).toEqual([]);
    expect(missingScopes(['a'], undefined)).toEqual([]);
    expect(missingScopes(['a'], '')).toEqual(['a']);
  });
});

// Session 37: an answer whose JWT is past its exp by the adapter's clock was handed out (the
// legacy layout: client credentials), with an `expiresAt` already past.
describe('tokenAnswerProblem with nowMs: a JWT past its exp', () => {
  const jwtExpiring = (exp: unknown) =>
    `${btoa('{"alg":"none"}').replace(/=+$/, '')}.${btoa(JSON.stringify({ exp })).replace(/=+$/, '')}.sig`;
  const JAG = 'urn:ietf:params:oauth:token-type:id-jag';
  const NOW = 1_800_000_000_000;
  const PAST = "access_token is past its exp: check this host's clock and the IdP's (NTP)";

  it('refuses an access token or an ID-JAG whose exp is now or before, by the clock given', () => {
    for (const exp of [NOW / 1000, NOW / 1000 - 1, NOW / 1000 - 3600]) {
      expect(tokenAnswerProblem({ access_token: jwtExpiring(exp) }, { nowMs: NOW })).toBe(PAST);
      const jag = { access_token: jwtExpiring(exp), issued_token_type: JAG, token_type: 'N_A' };
      expect(tokenAnswerProblem(jag, { issuedTokenType: JAG, nowMs: NOW })).toBe(PAST);
    }
  });

  it('takes one with lifetime left, an opaque token, a JWT without a numeric exp, and no nowMs', () => {
    expect(tokenAnswerProblem({ access_token: jwtExpiring(NOW / 1000 + 1) }, { nowMs: NOW })).toBe(
      undefined,
    );
    expect(tokenAnswerProblem({ access_token: 'opaque-token' }, { nowMs: NOW })).toBe(undefined);
    expect(tokenAnswerProblem({ access_token: jwtExpiring('soon') }, { nowMs: NOW })).toBe(
      undefined,
    );
    expect(tokenAnswerProblem({ access_token: jwtExpiring(1) })).toBe(undefined);
  });
});
