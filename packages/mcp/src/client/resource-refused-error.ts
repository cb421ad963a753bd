/**
 * Why {@link dualAuthFetch} refused to send a token to an MCP server (MCP authorization, "Token
 * Audience Binding and Validation"; RFC 9728, RFC 8707):
 * - `no-metadata`: the server serves no protected-resource metadata (404 at its RFC 9728 §3.1
 *   well-known URLs, and no same-origin `resource_metadata` in its 401, §5.1);
 * - `unreadable-metadata`: the metadata did not come (network error, not 2xx, past the deadline)
 *   or is not an RFC 9728 §2 document, or is larger than 64 KiB;
 * - `resource-mismatch`: the metadata's `resource` is not the server URL (RFC 9728 §3.3; a root
 *   document may name the origin);
 * - `token-audience`: the token's `aud` does not name the server's resource (or `tokenAudience`),
 *   or names another audience too that is not in `extraTokenAudiences`,
 *   or the token is not a JWT and its audience cannot be read (unless `opaqueTokens: 'send'`).
 */
export type ResourceRefusal =
  | 'no-metadata'
  | 'unreadable-metadata'
  | 'resource-mismatch'
  | 'token-audience';

/**
 * Thrown by {@link dualAuthFetch} before a token goes to an MCP server that has not shown it is
 * the resource the token is for. `reason` says which check failed; the message says what to set.
 * It names server URLs (public), never a token.
 */
export class ResourceRefusedError extends Error {
  override readonly name = 'ResourceRefusedError';
  /** Which check failed. */
  readonly reason: ResourceRefusal;

  constructor(reason: ResourceRefusal, message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}
