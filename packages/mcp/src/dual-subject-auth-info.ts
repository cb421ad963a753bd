import type { DualSubject } from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

// Keyed by the AuthInfo object the guard built: `extra` is writable by any middleware or custom
// `verifyAccessToken`, so what it holds is never taken as proof that a human was verified.
const verified = new WeakMap<AuthInfo, VerifiedRequest>();

/** What the guard verified for one `AuthInfo` it built. */
export interface VerifiedRequest {
  subject: DualSubject;
  /**
   * The resource (this server's URL, RFC 8707) the token was verified for, as the audit's
   * `audience`: `[href]`, or `[]` when the guard was given none.
   */
  audience: string[];
  /** The guard that verified it, whose issuers a tool rule's id lists are checked against. */
  guard: object | undefined;
}

/**
 * The MCP SDK's `AuthInfo` for a request the guard of `requireDualAuth` or `dualAuthMcpHandler`
 * verified: `clientId` is the agent, `scopes` the agent's scopes, `expiresAt` the token's `exp`
 * (seconds since the epoch), `resource` this server, and `extra.dualSubject` the verified
 * {@link DualSubject} for display. The object is remembered as verified: {@link getDualSubject}
 * gives the subject for it, and for no other object. Not exported from the package, so that only
 * its guards can vouch for a subject.
 */
export function dualSubjectAuthInfo(
  token: string,
  subject: DualSubject,
  resource: URL | undefined,
  guard?: object,
): AuthInfo {
  const exp = subject.agent.raw.exp;
  const authInfo: AuthInfo = {
    token,
    clientId: subject.agent.id,
    scopes: [...subject.agent.scopes],
    ...(typeof exp === 'number' ? { expiresAt: exp } : {}),
    ...(resource === undefined ? {} : { resource }),
    extra: { dualSubject: subject },
  };
  verified.set(authInfo, {
    subject,
    audience: resource === undefined ? [] : [resource.href],
    guard,
  });
  return authInfo;
}

/**
 * What the guard verified for `authInfo`: `undefined` unless this package's guard built that very
 * object (see {@link getDualSubject}). Read from what the guard remembered, not from
 * `authInfo.resource` or `authInfo.extra`, which other code may rewrite.
 */
export function verifiedRequest(authInfo: AuthInfo | undefined): VerifiedRequest | undefined {
  return authInfo === undefined ? undefined : verified.get(authInfo);
}

/**
 * The verified agent, human and chain of an MCP request, from the `authInfo` the SDK hands a tool
 * handler (`extra.authInfo`); `undefined` unless that very object was built by this package's
 * guard (`requireDualAuth` of `@dual-auth/mcp/express`, `dualAuthMcpHandler` of
 * `@dual-auth/mcp/fetch`). An `extra.dualSubject` that other code wrote (another middleware, a
 * custom `verifyAccessToken`) is not trusted, and neither is a copy of a verified `AuthInfo`
 * (spread, `structuredClone`, a JSON round trip, one sent to another process): read the subject
 * where the guard ran. Two copies of this package in one process (two versions installed) do not
 * know each other's requests: the guard and the tool handlers must import the same copy.
 *
 * @example
 * server.registerTool('balance', { inputSchema }, async (args, extra) => {
 *   const subject = getDualSubject(extra.authInfo);
 *   return { content: [{ type: 'text', text: `for ${subject?.human.sub}` }] };
 * });
 */
export function getDualSubject(authInfo: AuthInfo | undefined): DualSubject | undefined {
  return verifiedRequest(authInfo)?.subject;
}
