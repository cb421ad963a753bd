import { type SubjectToken, TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

function refuse(message: string): never {
  throw new TokenRequestError({ vendor: 'oauth', status: 200, mismatch: 'agent', message });
}

/**
 * Refuses, before it is sent on, an ID-JAG (`id-jag` step one) that is not a grant for this agent:
 * its `client_id` is REQUIRED and must be `clientId` (`AGENT_CLIENT_ID`), the client the
 * enterprise IdP's policy let have the human's grant
 * (draft-ietf-oauth-identity-assertion-authz-grant §3). Sent on with this agent's client
 * authentication, another client's grant, or one naming no client, would be redeemed for this
 * agent by a server that does not compare the two. Decoded, not verified (the resource's server
 * verifies it); an ID-JAG that is no JWT is `checkIdJagHuman`'s refusal, before this one.
 *
 * @throws TokenRequestError (status 200, `mismatch: 'agent'`) naming the claim, never a value:
 *   `client_id` missing or empty, or another client's.
 */
export function checkIdJagClient(grant: SubjectToken, clientId: string): void {
  const claims = jwtPayloadOf(grant.value);
  const client = claims?.client_id;
  if (client === clientId) return;
  if (client === undefined || client === '') {
    refuse(
      'OAUTH_IDP_TOKEN_URL issued an ID-JAG that names no client (no client_id, which draft-ietf-oauth-identity-assertion-authz-grant §3 requires), not sent on; check its Cross App Access policy on the IdP',
    );
  }
  refuse(
    'OAUTH_IDP_TOKEN_URL issued an ID-JAG for another client (client_id not AGENT_CLIENT_ID), not sent on; check its Cross App Access policy on the IdP',
  );
}
