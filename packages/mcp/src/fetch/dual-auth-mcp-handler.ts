import { requireValue } from '@dual-auth/core';
import {
  answerAdmitted,
  refuseSocketCertificateSource,
  requestGuardInput,
} from '@dual-auth/resource/fetch';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { admittedCredential } from '../admitted-credential.js';
import { atStreamEnd, bodyEndingAt } from '../at-token-expiry.js';
import { type DualAuthServerOptions, resolveServerOptions } from '../dual-auth-server-options.js';
import { dualSubjectAuthInfo } from '../dual-subject-auth-info.js';
import { type SessionRefusal, sessionOpenRefused, sessionRefusal } from '../mcp-session-binding.js';
import {
  notIssuedForThisServer,
  type ServerDenial,
  serverDenialHeaders,
} from '../server-denial.js';

/** Options of {@link dualAuthMcpHandler}. */
export type DualAuthMcpHandlerOptions = DualAuthServerOptions;

function denialResponse(denial: ServerDenial, resourceMetadataUrl: string): Response {
  return Response.json(denial.body, {
    status: denial.status,
    headers: serverDenialHeaders(denial, resourceMetadataUrl),
  });
}

function sessionRefusalResponse(refusal: SessionRefusal): Response {
  return Response.json(refusal.body, { status: refusal.status, headers: refusal.headers });
}

/**
 * Wraps the fetch handler of an MCP server (Workers, Deno, Bun, Hono, Next.js route handlers) that
 * hands requests to the MCP SDK's `WebStandardStreamableHTTPServerTransport`: the handler runs
 * only for requests whose agent AND human the `@dual-auth/resource` guard admits, and gets the
 * same `authInfo` as behind `requireDualAuth` of `@dual-auth/mcp/express` (`clientId` the agent,
 * the verified subjects for {@link @dual-auth/mcp!getDualSubject}), to pass on as it is (a copy
 * is not trusted) as `transport.handleRequest(request, { authInfo })`. Refusals: 400
 * `invalid_request` for a malformed request (a credential header sent twice or broken, RFC 6750
 * §3.1), 401 `invalid_token` and 403
 * `insufficient_scope` (body also names `failed_side`), with the guard's
 * `WWW-Authenticate: Bearer …` plus `resource_metadata="…"` (RFC 9728 §5.1; a request without
 * credentials gets a challenge without `error`, RFC 6750 §3.1); 503 when the IdP's keys or the
 * replay store cannot be reached. A challenge is exposed to browser clients
 * (`Access-Control-Expose-Headers: WWW-Authenticate`); the origins allowed and the CORS preflight
 * (which carries no credentials, so the guard refuses it) are the app's CORS layer's to answer in
 * front of this handler (e.g. Hono's `cors()`). Every decision is audited by the guard, an
 * admitted request with the status of the handler's `Response` (as `withDualAuth` of
 * `@dual-auth/resource/fetch` does). Web APIs only: runs on edge runtimes.
 *
 * A custom guard (one without `audience`) gets each admitted token's `aud` checked: a token not
 * issued for this server (`tokenAudience`, default `resourceServerUrl`) is answered 401
 * `invalid_token` (RFC 8707).
 *
 * The handler's answer to a GET (a session's server-sent stream, its resumption) still open when
 * the access token's `exp` passes is ended then, timed on `clock`, and the handler's body
 * cancelled: no stream outlives its token (see `DualAuthServerOptions.clock`). When the guard
 * has a `cutoffStore` (its `delegationCutoff`), such an answer also ends at the first re-read of
 * its human's cut-off in that store (every `delegationRecheckIntervalMs`, default 15 s) that
 * finds the delegation ended
 * (`endDelegation`), or finds the store not answering (fail closed, logged
 * `dual_auth_stream_cutoff_unavailable`); see `DualAuthServerOptions.delegationRecheckIntervalMs`.
 *
 * @throws TypeError at creation on a missing guard, URL or handler, or a guard that reads client
 * certificates from the TLS socket (`certificateSource` `'tls-connection'`,
 * `'tls-connection-any-issuer'`: give it a `tlsClientCertificate` function); and (rejected, before the
 * handler runs) when a custom guard's ALLOW has no `recordStatus`.
 * @throws ConfigurationError at creation when `resourceServerUrl` is not HTTPS (`http:` only on
 * loopback), has a fragment or holds credentials (RFC 9728 §2), the guard's
 * `audience` names anything but `tokenAudience` (default `resourceServerUrl`), or the `clock`'s `now()` answers no finite number
 * (milliseconds since the epoch), or `delegationRecheckIntervalMs` is given for a guard without
 * `cutoffStore`.
 * @example
 * const mcp = dualAuthMcpHandler({ guard, resourceServerUrl }, async (request, authInfo) => {
 *   const server = financeServer();
 *   const transport = new WebStandardStreamableHTTPServerTransport({});
 *   await server.connect(transport);
 *   return transport.handleRequest(request, { authInfo });
 * });
 */
export function dualAuthMcpHandler(
  options: DualAuthMcpHandlerOptions,
  handler: (request: Request, authInfo: AuthInfo) => Response | Promise<Response>,
): (request: Request) => Promise<Response> {
  const {
    guard,
    resourceServerUrl,
    resourceMetadataUrl,
    issuedForThisServer,
    sessions,
    clock,
    recheck,
  } = resolveServerOptions(options, 'dualAuthMcpHandler');
  requireValue(handler, 'handler', 'function');
  refuseSocketCertificateSource(
    guard,
    'dualAuthMcpHandler',
    'options.guard was built with it: build it with a function (request) => the DER bytes of its client certificate, or serve with requireDualAuth of @dual-auth/mcp/express',
  );
  return async (request) => {
    const decision = await guard.check({ ...requestGuardInput(request), reportsStatus: true });
    if (decision.decision === 'DENY') return denialResponse(decision, resourceMetadataUrl);
    if (!issuedForThisServer(decision.subject)) {
      return answerAdmitted(decision, () =>
        denialResponse(notIssuedForThisServer, resourceMetadataUrl),
      );
    }
    // The guard admitted exactly one `Bearer <token>` or `DPoP <token>`: `?? ''` is never taken.
    const token = admittedCredential(request.headers.get('authorization'))?.token ?? '';
    const authInfo = dualSubjectAuthInfo(token, decision.subject, resourceServerUrl, guard);
    // No server-sent stream outlives its token: a GET's still open at its `exp` ends then (or at
    // the first re-check of the guard's cut-off store that finds the human's delegation ended). A
    // POST's answer is the one request the token was checked for: never cut, its tool having run.
    const serve = async () => {
      const response = await handler(request, authInfo);
      if (request.method !== 'GET') return response;
      return bodyEndingAt(response, (end) => atStreamEnd(decision.subject, clock, recheck, end));
    };
    if (sessions === undefined) return answerAdmitted(decision, serve);
    return answerAdmitted(decision, async () => {
      const sessionId = request.headers.get('mcp-session-id') ?? undefined;
      const refusal = await sessionRefusal(sessions, sessionId, decision.subject);
      if (refusal !== undefined) return sessionRefusalResponse(refusal);
      const response = await serve();
      // A session the store refused though not asked before (two opened at once for the last
      // place, or a store without isFull/isFullFor): the transport answered the failed
      // `onsessioninitialized` (400 "Parse error"); the refusal (503 full, 429 the pair's cap)
      // says what happened.
      const refused = sessionOpenRefused(authInfo);
      if (refused === undefined) return response;
      await response.body?.cancel();
      return sessionRefusalResponse(refused);
    });
  };
}
