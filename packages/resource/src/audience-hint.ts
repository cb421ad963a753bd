import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

/**
 * `error` with, when it refuses an access token for its audience (`wrong_audience`), a
 * server-side hint naming the audiences this API accepts and where a token's audience is picked:
 * at the IdP, or by the agent's setting its adapter sends (RFC 8707). The hint reaches the
 * server's error and log only: a REST API's audience may be
 * published nowhere (an MCP server's is, in its RFC 9728 metadata, where clients read it). Never
 * the token's own `aud`: a message echoes no claim value. Any other error is returned as it is.
 */
export function withAudienceHint(error: unknown, audience: string | readonly string[]): unknown {
  if (
    !DualSubjectVerificationError.isInstance(error) ||
    error.reason !== 'wrong_audience' ||
    error.hint !== undefined
  ) {
    return error;
  }
  const accepted = (typeof audience === 'string' ? [audience] : audience).join(', ');
  return new DualSubjectVerificationError({
    credential: error.credential,
    reason: error.reason,
    message: error.description,
    // Where a token's aud is picked depends on the IdP, which resource does not name: the IdP
    // (a Keycloak Audience mapper, an Okta authorization server) or the setting an adapter sends.
    hint: `this API accepts tokens for ${accepted}: the agent's tokens must name it in aud, set at the IdP (an Audience mapper, the authorization server's audience) or in the agent's API_AUDIENCE, OAUTH_RESOURCE or API_SCOPE, whichever its adapter sends; dual-auth doctor --audience says which`,
    ...(error.claim === undefined ? {} : { claim: error.claim }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}
