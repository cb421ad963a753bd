/** The parameters of an RFC 6750 `WWW-Authenticate: Bearer` challenge. */
export interface BearerChallenge {
  realm?: string | undefined;
  /** Omitted when the request carried no credentials at all (RFC 6750 §3.1). */
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined;
  description?: string | undefined;
  scope?: string | undefined;
}

// RFC 6750 §3: error_description and scope allow %x20-21 / %x23-5B / %x5D-7E only (no " or \).
function quoted(value: string): string {
  return `"${value.replace(/"/g, "'").replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '')}"`;
}

/**
 * Formats a `WWW-Authenticate` value, e.g.
 * `Bearer realm="api", error="invalid_token", error_description="Access token has expired"`.
 */
export function bearerChallenge(challenge: BearerChallenge): string {
  const params = [
    challenge.realm === undefined ? undefined : `realm=${quoted(challenge.realm)}`,
    challenge.error === undefined ? undefined : `error="${challenge.error}"`,
    challenge.description === undefined
      ? undefined
      : `error_description=${quoted(challenge.description)}`,
    challenge.scope === undefined ? undefined : `scope=${quoted(challenge.scope)}`,
  ].filter((param) => param !== undefined);
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`;
}
