import type { DualSubject } from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

const DUAL_SUBJECT = 'dualSubject';

/**
 * The MCP SDK's `AuthInfo` for a verified dual-subject request: `clientId` is the agent, `scopes`
 * the agent's scopes, `expiresAt` the token's `exp` (seconds since the epoch), `resource` this
 * server, and `extra.dualSubject` the verified {@link DualSubject} (agent, human and chain). Tool
 * handlers read it with {@link getDualSubject}.
 */
export function dualSubjectAuthInfo(
  token: string,
  subject: DualSubject,
  resource: URL | undefined,
): AuthInfo {
  const exp = subject.agent.raw.exp;
  return {
    token,
    clientId: subject.agent.id,
    scopes: [...subject.agent.scopes],
    ...(typeof exp === 'number' ? { expiresAt: exp } : {}),
    ...(resource === undefined ? {} : { resource }),
    extra: { [DUAL_SUBJECT]: subject },
  };
}

/**
 * The verified agent, human and chain of an MCP request, from the `authInfo` the SDK hands a tool
 * handler (`extra.authInfo`); `undefined` when the request did not pass this package's guard.
 *
 * @example
 * server.registerTool('balance', { inputSchema }, async (args, extra) => {
 *   const subject = getDualSubject(extra.authInfo);
 *   return { content: [{ type: 'text', text: `for ${subject?.human.sub}` }] };
 * });
 */
export function getDualSubject(authInfo: AuthInfo | undefined): DualSubject | undefined {
  const value = authInfo?.extra?.[DUAL_SUBJECT];
  return typeof value === 'object' && value !== null ? (value as DualSubject) : undefined;
}
