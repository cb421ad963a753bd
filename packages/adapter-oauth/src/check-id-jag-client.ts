import { type SubjectToken, TokenRequestError } from '@dual-auth/core';
import { jwtPayloadOf } from '@dual-auth/core/adapter-kit';

/**
 * Refuses, before it is sent on, an ID-JAG (`id-jag` step one) that is a grant for another client
 * than this agent: its `client_id`, when present, must be `clientId` (`AGENT_CLIENT_ID`), the
 * client the enterprise IdP's policy let have the human's grant
 * (draft-ietf-oauth-identity-assertion-authz-grant §3). Sent on with this agent's client
 * authentication, another client's grant would be redeemed for this agent by a server that does
 * not compare the two. Decoded, not verified; an ID-JAG without `client_id` is the resource
 * server's to refuse.
 *
 * @throws TokenRequestError (status 200, `mismatch: 'agent'`) naming the claim, never a value.
 */
export function checkIdJagClient(grant: SubjectToken, clientId: string): void {
  const claims = jwtPayloadOf(grant.value);
  if (claims?.client_id === undefined || claims.client_id === clientId) return;
  throw new TokenRequestError({
    vendor: 'oauth',
    status: 200,
    mismatch: 'agent',
    message:
      'OAUTH_IDP_TOKEN_URL issued an ID-JAG for another client (client_id not AGENT_CLIENT_ID), not sent on; check its Cross App Access policy on the IdP',
  });
}
