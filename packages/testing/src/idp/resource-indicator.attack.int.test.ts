import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_EXCHANGE_GRANT } from './delegation-grants.js';
import type { LocalIdp } from './local-idp.js';
import { startLocalIdp } from './start-local-idp.js';
import { agentOf, clientAssertion, JWT_BEARER, postToken } from './token-client.js';

// Attack (session 34): a `resource` (RFC 8707) naming another API was ignored by the delegation
// grants. An ID-JAG the IdP issued for another resource was redeemed for a token to this API
// (draft-ietf-oauth-identity-assertion-authz-grant: an ID-JAG asserts one user for one resource),
// and a token exchange asking for another API got a token for this one, where RFC 8707 §2 answers
// `invalid_target`.

const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const OTHER_API = 'https://other.example.com/api';

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
}, 30_000);
afterAll(() => idp?.close());

async function post(fields: Record<string, string>) {
  const assertion = await clientAssertion(agentOf(idp), { aud: idp.issuer });
  return postToken(idp, {
    ...fields,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });
}

async function idJag(resource: string): Promise<string> {
  const answer = await post({
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: await idp.issueSubjectToken({
      human: 'alice',
      kind: 'id',
      clientId: 'finance-agent',
    }),
    subject_token_type: ID_TOKEN,
    requested_token_type: ID_JAG,
    audience: idp.issuer,
    resource,
    scope: 'finance.read',
  });
  expect(answer.status).toBe(200);
  return String(answer.json?.access_token);
}

const redeem = (grant: string, extra: Record<string, string> = {}) =>
  post({ grant_type: JWT_BEARER_GRANT, assertion: grant, scope: 'finance.read', ...extra });

describe('a resource indicator for another API', () => {
  it('an ID-JAG for another resource is not redeemed for this API', async () => {
    const answer = await redeem(await idJag(OTHER_API));
    expect({ status: answer.status, error: answer.json?.error }).toEqual({
      status: 400,
      error: 'invalid_grant',
    });
    expect(idp.requests.at(-1)?.errorDetail).toMatch(/another resource/);
  });

  it('an ID-JAG for this API is redeemed, but not with a request naming another resource', async () => {
    const grant = await idJag(idp.audience);
    const refused = await redeem(grant, { resource: OTHER_API });
    expect({ status: refused.status, error: refused.json?.error }).toEqual({
      status: 400,
      error: 'invalid_target',
    });
    const answer = await redeem(grant);
    expect(answer.status).toBe(200);
    expect(decodeJwt(String(answer.json?.access_token)).aud).toBe(idp.audience);
  });

  it('a token exchange naming another resource is refused invalid_target; this API is served', async () => {
    const exchange = async (resource: string) =>
      post({
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: await idp.issueSubjectToken({ human: 'alice' }),
        subject_token_type: ACCESS_TOKEN,
        resource,
        scope: 'finance.read',
      });
    const refused = await exchange(OTHER_API);
    expect({ status: refused.status, error: refused.json?.error }).toEqual({
      status: 400,
      error: 'invalid_target',
    });
    const answer = await exchange(idp.audience);
    expect(answer.status).toBe(200);
    expect(decodeJwt(String(answer.json?.access_token)).aud).toBe(idp.audience);
  });
});
