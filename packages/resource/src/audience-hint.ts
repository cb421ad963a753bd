import { DualSubjectVerificationError } from './dual-subject-verification-error.js';

/**
 * `error` with, when it refuses an access token for its audience (`wrong_audience`), a
 * server-side hint naming the audiences this API accepts and the agent's setting that picks one
 * (RFC 8707). The hint reaches the server's error and log only: a REST API's audience may be
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
    hint: `this API accepts tokens for ${accepted}: the agent must request its token for that audience (API_AUDIENCE, or OAUTH_RESOURCE with adapter-oauth)`,
    ...(error.claim === undefined ? {} : { claim: error.claim }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  });
}
