import { describe, expect, it } from 'vitest';
import { failure, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';
import { tokenAnswerProblem } from './parse-token-response.js';

// Session 37 (attacker): an answer whose `access_token` is a JWT whose header `typ` names another
// kind of token (an ID-JAG, a DPoP proof, a logout token, a security event token: RFC 8725
// §3.11) was handed out as an access token when an access token was asked for; the API it goes
// to may not read the header.

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwtTyped = (typ: string | undefined) =>
  `${b64(typ === undefined ? { alg: 'RS256' } : { alg: 'RS256', typ })}.${b64({ sub: 'agent-1' })}.sig`;
const AT = 'urn:ietf:params:oauth:token-type:access_token';
const JAG = 'urn:ietf:params:oauth:token-type:id-jag';

const { run } = tokenEndpointHarness();

describe('tokenAnswerProblem: an access_token typed as another kind of JWT', () => {
  it.each([
    ['oauth-id-jag+jwt', /ID-JAG/],
    ['dpop+jwt', /DPoP proof/],
    ['logout+jwt', /logout token/],
    ['application/secevent+jwt', /security event token/],
  ])('typ %s is refused when an access token was asked for, naming the kind', (typ, says) => {
    for (const [json, rules] of [
      [{ access_token: jwtTyped(typ) }, {}],
      [{ access_token: jwtTyped(typ), issued_token_type: AT }, { issuedTokenType: AT }],
    ] as const) {
      const problem = tokenAnswerProblem(json, rules);
      expect(problem).toMatch(says);
      expect(problem).toMatch(/where an access token was asked for/);
    }
  });

  it('takes access token typs (at+jwt, application/at+jwt, JWT, none) and an ID-JAG asked for as one', () => {
    for (const typ of [
      'at+jwt',
      'application/at+jwt',
      'JWT',
      undefined,
      'application/okta-internal-at+jwt',
    ]) {
      expect(tokenAnswerProblem({ access_token: jwtTyped(typ) }), String(typ)).toBeUndefined();
    }
    const jag = { access_token: jwtTyped('oauth-id-jag+jwt'), issued_token_type: JAG };
    expect(tokenAnswerProblem({ ...jag, token_type: 'N_A' }, { issuedTokenType: JAG })).toBe(
      undefined,
    );
  });

  it('requestTokenEndpoint refuses such an answer from a real token server, not retried', async () => {
    const { call, forms } = await run([
      { body: { access_token: jwtTyped('dpop+jwt'), token_type: 'Bearer' } },
    ]);
    const error = await failure(call);
    expect(error).toMatchObject({ status: 200, retryable: false, attempts: 1 });
    expect(error.message).toMatch(/Invalid response from Keycloak: access_token is a DPoP proof/);
    expect(forms).toEqual([1]);
  });
});
