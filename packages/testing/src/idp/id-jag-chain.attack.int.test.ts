import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ID_JAG_TYP, TOKEN_EXCHANGE_GRANT } from './delegation-grants.js';
import type { LocalIdp } from './local-idp.js';
import { startLocalIdp } from './start-local-idp.js';
import { agentOf, clientAssertion, JWT_BEARER, postToken } from './token-client.js';

// Attack (session 34): a delegated token (the human in `sub`, an earlier agent in `act`) handed
// to a second agent was accepted as the subject token of an ID-JAG request. The ID-JAG names no
// actor, so the token redeemed for it named the second agent alone: the first agent vanished from
// the chain (RFC 8693 §4.1) that the API's `hopAllowed` and `maxChainDepth` judge.

const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'oauth' });
  idp.addAgent({ clientId: 'sub-agent', scopes: ['finance.read'] });
}, 30_000);
afterAll(() => idp?.close());

async function post(clientId: string, fields: Record<string, string>) {
  const assertion = await clientAssertion(agentOf(idp, clientId), { aud: idp.issuer });
  return postToken(idp, {
    ...fields,
    client_assertion_type: JWT_BEARER,
    client_assertion: assertion,
  });
}

// finance-agent exchanges alice's token for one handed to sub-agent (the next hop of a chain).
async function hopToken(): Promise<string> {
  const answer = await post('finance-agent', {
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: await idp.issueSubjectToken({ human: 'alice' }),
    subject_token_type: ACCESS_TOKEN,
    audience: 'sub-agent',
    scope: 'finance.read',
  });
  expect(answer.status).toBe(200);
  return String(answer.json?.access_token);
}

describe('an ID-JAG asked for with a delegated subject token', () => {
  it('is refused: it would drop the earlier actors of the chain', async () => {
    const hop = await hopToken();
    expect(decodeJwt(hop).act).toEqual({ sub: 'finance-agent' });
    const answer = await post('sub-agent', {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: hop,
      subject_token_type: ACCESS_TOKEN,
      requested_token_type: ID_JAG,
      audience: idp.issuer,
      scope: 'finance.read',
    });
    expect({ status: answer.status, error: answer.json?.error }).toEqual({
      status: 400,
      error: 'invalid_request',
    });
    expect(String(answer.json?.error_description)).toMatch(/act.*token exchange/);
    expect(answer.text).not.toContain(ID_JAG_TYP);
  });

  it('the same token exchanged by token exchange keeps the earlier actor', async () => {
    const answer = await post('sub-agent', {
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: await hopToken(),
      subject_token_type: ACCESS_TOKEN,
      scope: 'finance.read',
    });
    expect(answer.status).toBe(200);
    expect(decodeJwt(String(answer.json?.access_token)).act).toEqual({
      sub: 'sub-agent',
      act: { sub: 'finance-agent' },
    });
  });
});
