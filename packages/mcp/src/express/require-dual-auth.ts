import type { Clock } from '@dual-auth/core';
import type { DualSubject, GuardAdmission } from '@dual-auth/resource';
import { expressGuardInput, recordStatusWhenAnswered } from '@dual-auth/resource/express';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { Request, RequestHandler, Response } from 'express';
import { admittedCredential } from '../admitted-credential.js';
import { atStreamEnd, type DelegationRecheck } from '../at-token-expiry.js';
import { type DualAuthServerOptions, resolveServerOptions } from '../dual-auth-server-options.js';
import { dualSubjectAuthInfo } from '../dual-subject-auth-info.js';
import { type SessionRefusal, sessionOpenRefused, sessionRefusal } from '../mcp-session-binding.js';
import {
  notIssuedForThisServer,
  type ServerDenial,
  serverDenialHeaders,
} from '../server-denial.js';

/** Options of {@link requireDualAuth}. */
export type RequireDualAuthOptions = DualAuthServerOptions;

// The SDK's `requireBearerAuth` reads `<scheme> <token>` split on single spaces; an admitted
// header it cannot read (two spaces) is answered by the SDK's own 401, after the guard's record.
const SDK_READABLE_BEARER = /^bearer [^ ]+$/i;

const unreadable = {
  async verifyAccessToken(): Promise<never> {
    throw new InvalidTokenError("Invalid Authorization header format, expected 'Bearer TOKEN'");
  },
};

const admittedAs = (admission: GuardAdmission, resourceServerUrl: URL, guard: object) => ({
  async verifyAccessToken(token: string) {
    return dualSubjectAuthInfo(token, admission.subject, resourceServerUrl, guard);
  },
});

// Every refusal is answered here, with the guard's own challenge, not the SDK's: the SDK writes
// `error="invalid_token"` even for a request without credentials (RFC 6750 §3.1 says no code).
function answerDenial(res: Response, denial: ServerDenial, resourceMetadataUrl: string): void {
  const headers = Object.fromEntries(serverDenialHeaders(denial, resourceMetadataUrl));
  res.status(denial.status).set(headers).json(denial.body);
}

/**
 * A request that opens a session (no `mcp-session-id`) whose owner the store then refused (two
 * opened at the very same moment for the last place, or a store that refuses without being asked
 * first): the SDK's transport answers its failed `onsessioninitialized` itself (400 "Parse error").
 * Its answer is replaced, as its status line goes out, by the refusal the binding recorded (503
 * full, 429 the pair's cap), as `dualAuthMcpHandler` replaces the transport's `Response`.
 */
function answerRefusedOpen(req: Request, res: Response): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    res.writeHead = writeHead;
    const refusal = req.auth === undefined ? undefined : sessionOpenRefused(req.auth);
    if (refusal === undefined) return writeHead.apply(this, args as never);
    return writeRefusal(res, writeHead, refusal);
  } as Response['writeHead'];
}

// Writes `refusal` instead of the answer being written: the head now, then the refusal's body in
// place of whatever the transport writes next, its `end` ending it.
function writeRefusal(
  res: Response,
  writeHead: Response['writeHead'],
  refusal: SessionRefusal,
): Response {
  const body = new TextEncoder().encode(JSON.stringify(refusal.body));
  for (const name of res.getHeaderNames()) {
    if (name.startsWith('content-') || name === 'mcp-session-id') res.removeHeader(name);
  }
  writeHead.call(res, refusal.status, {
    ...refusal.headers,
    'content-type': 'application/json',
    'content-length': String(body.byteLength),
  });
  const { write, end } = res;
  // The transport's body is not sent: only its callbacks are called back.
  res.write = ((...args: unknown[]) => {
    callBack(args);
    return true;
  }) as Response['write'];
  res.end = ((...args: unknown[]) => {
    res.write = write;
    res.end = end;
    const callback = args.findLast((arg) => typeof arg === 'function') as (() => void) | undefined;
    const ending = end as (this: Response, chunk: Uint8Array, callback?: () => void) => Response;
    return ending.call(res, body, callback);
  }) as Response['end'];
  return res;
}

/** The callback among a `write`'s or `end`'s arguments, called back as Node would. */
function callBack(args: unknown[]): void {
  const callback = args.findLast((arg) => typeof arg === 'function') as (() => void) | undefined;
  if (callback !== undefined) queueMicrotask(callback);
}

/**
 * Ends the answer of `res` when the token of `subject` expires, or its delegation is found ended
 * (with `recheck`: {@link atStreamEnd}), if it is still being sent then (a server-sent stream),
 * or as soon as its head is sent when it has none yet (a token that expired while the app was
 * starting its answer, or was admitted within the guard's clock tolerance after its `exp`): what
 * the app writes after that is dropped (its callbacks called back), and the answer ends as a
 * stream the server closed. The wait ends with the answer (`close`).
 */
function endAnswerAtStreamEnd(
  res: Response,
  subject: DualSubject,
  clock: Clock,
  recheck: DelegationRecheck | undefined,
): void {
  const endNow = (): void => {
    if (res.writableEnded) return;
    const end = res.end as (this: Response) => Response;
    res.write = ((...args: unknown[]) => {
      callBack(args);
      return true;
    }) as Response['write'];
    res.end = ((...args: unknown[]) => {
      callBack(args);
      return res;
    }) as Response['end'];
    end.call(res);
  };
  const cancel = atStreamEnd(subject, clock, recheck, () => {
    if (res.writableEnded) return;
    if (res.headersSent) return endNow();
    // Node sends every head through writeHead, an implicit one (a first write) too.
    const writeHead = res.writeHead;
    res.writeHead = function (this: Response, ...args: unknown[]) {
      res.writeHead = writeHead;
      const written = writeHead.apply(this, args as never);
      queueMicrotask(endNow);
      return written;
    } as Response['writeHead'];
  });
  res.once('close', cancel);
}

/**
 * Express middleware for an MCP server (before `StreamableHTTPServerTransport.handleRequest`):
 * verifies the agent AND the human with a `@dual-auth/resource` guard inside the MCP SDK's own
 * `requireBearerAuth`, so the tool handlers get `extra.authInfo` with the verified subjects
 * ({@link @dual-auth/mcp!getDualSubject}). Refusals are the guard's, as `dualAuthMcpHandler`
 * answers them: 400 `invalid_request` for a malformed request (a credential header sent twice or
 * broken, RFC 6750 §3.1), 401 `invalid_token` and 403 `insufficient_scope` (body also names
 * `failed_side`),
 * each with the guard's `WWW-Authenticate: Bearer …` plus `resource_metadata="…"` (RFC 9728 §5.1;
 * a request without credentials, or with a scheme other than Bearer, gets a challenge without
 * `error`, RFC 6750 §3.1); 503 when the IdP's keys or the replay store cannot be reached; the
 * guard's 499 (nobody hears it) when the client went away while its token was introspected or a
 * check ran. With a guard that has `dpop`, a DPoP-bound token sent as `DPoP <token>` with its proof
 * (RFC 9449 §7.1) is admitted too (the SDK's own middleware reads `Bearer` only), and an admission
 * carries the guard's `headers`: a rotated `DPoP-Nonce` (RFC 9449 §8.2). Every request is audited
 * by the guard as `@dual-auth/resource/express` does it: the route with segments that may name a person redacted, the `X-Request-Id`, an admitted request
 * with the status the server answered as soon as its status line is sent (a streamed answer is
 * audited while it runs). An admitted `Authorization`
 * the SDK cannot read (not exactly `Bearer <token>`, e.g. two spaces) is audited, then answered
 * 401 `invalid_token` by the SDK.
 *
 * With `sessions` ({@link @dual-auth/mcp!McpSessionBinding}), a request that opens a session the
 * store then refuses (two opened at the very same moment for the last place) is answered as one
 * refused before: 503 (the store full) or 429 (the pair's own cap), JSON-RPC error, in place of the
 * SDK transport's own 400.
 *
 * A custom guard (one without `audience`) gets each admitted token's `aud` checked: a token not
 * issued for this server (`tokenAudience`, default `resourceServerUrl`) is answered 401
 * `invalid_token` (RFC 8707).
 *
 * The server-sent stream of an admitted GET (a session's stream, its resumption) still open when
 * its access token's `exp` passes is ended then, timed on `clock`: no stream outlives its token
 * (see `DualAuthServerOptions.clock`). When the guard has a `cutoffStore` (its
 * `delegationCutoff`), such a stream also ends at the first re-read of its human's cut-off in
 * that store (every `delegationRecheckIntervalMs`, default 15 s) that finds the delegation ended
 * (`endDelegation`), or finds the store not answering (fail closed, logged
 * `dual_auth_stream_cutoff_unavailable`); see `DualAuthServerOptions.delegationRecheckIntervalMs`.
 *
 * @throws TypeError at creation on a missing guard or URL, or a guard whose `tlsClientCertificate`
 * is a function of a fetch `Request` (`certificateSource: 'function'`), which Express has not.
 * @throws ConfigurationError at creation when `resourceServerUrl` is not HTTPS (`http:` only on
 * loopback), has a fragment or holds credentials (RFC 9728 §2), the guard's
 * `audience` names anything but `tokenAudience` (default `resourceServerUrl`), or the `clock`'s `now()` answers no finite number
 * (milliseconds since the epoch), or `delegationRecheckIntervalMs` is given for a guard without
 * `cutoffStore`.
 * @example
 * app.post('/mcp', requireDualAuth({ guard, resourceServerUrl: new URL('https://mcp.example.com/mcp') }),
 *   async (req, res) => { … transport.handleRequest(req, res, req.body) … });
 */
export function requireDualAuth(options: RequireDualAuthOptions): RequestHandler {
  const server = resolveServerOptions(options, 'requireDualAuth');
  const { guard, resourceMetadataUrl } = server;
  // Express has no fetch Request: a guard built with that function would read the socket instead.
  if (guard.certificateSource === 'function') {
    throw new TypeError(
      "requireDualAuth: options.guard reads client certificates with a tlsClientCertificate function of a fetch Request, which Express has not: build it with tlsClientCertificate: 'tls-connection' (or 'tls-connection-any-issuer'), or serve with dualAuthMcpHandler of @dual-auth/mcp/fetch",
    );
  }
  return (req, res, next) => {
    guard.check(expressGuardInput(req)).then((decision) => {
      if (decision.decision === 'DENY') {
        answerDenial(res, decision, resourceMetadataUrl);
        return;
      }
      try {
        recordStatusWhenAnswered(res, decision);
      } catch (error) {
        next(error);
        return;
      }
      // RFC 9449 §8.2: a rotated DPoP-Nonce, set before the app answers (the guard's headers).
      if (decision.headers !== undefined) res.set(decision.headers);
      if (!server.issuedForThisServer(decision.subject)) {
        answerDenial(res, notIssuedForThisServer, resourceMetadataUrl);
        return;
      }
      const admit = () => {
        if (req.method === 'GET') {
          endAnswerAtStreamEnd(res, decision.subject, server.clock, server.recheck);
        }
        const authorization = req.headers.authorization ?? '';
        const credential = admittedCredential(authorization);
        // RFC 9449 §7.1: a DPoP-bound token comes as `DPoP <token>`, which `requireBearerAuth`
        // refuses ("expected 'Bearer TOKEN'"). The guard verified it and its proof: its `AuthInfo`
        // is set here as `requireBearerAuth` sets one (no scopes are required there; `exp` the guard
        // checked on its own clock).
        if (credential?.scheme === 'DPoP') {
          req.auth = dualSubjectAuthInfo(
            credential.token,
            decision.subject,
            server.resourceServerUrl,
            guard,
          );
          next();
          return;
        }
        const bearer = requireBearerAuth({
          verifier: SDK_READABLE_BEARER.test(authorization)
            ? admittedAs(decision, server.resourceServerUrl, guard)
            : unreadable,
          resourceMetadataUrl,
        });
        return bearer(req, res, next);
      };
      const { sessions } = server;
      if (sessions === undefined) return admit();
      const sessionId = req.header('mcp-session-id');
      sessionRefusal(sessions, sessionId, decision.subject).then((refusal) => {
        if (refusal !== undefined) {
          res.status(refusal.status).set(refusal.headers).json(refusal.body);
          return;
        }
        if (sessionId === undefined) answerRefusedOpen(req, res);
        return admit();
      }, next);
    }, next);
  };
}
