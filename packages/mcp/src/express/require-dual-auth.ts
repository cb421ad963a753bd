import type { GuardDecision } from '@dual-auth/resource';
import { expressGuardInput, recordStatusWhenAnswered } from '@dual-auth/resource/express';
import {
  InsufficientScopeError,
  InvalidTokenError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import type { RequestHandler } from 'express';
import {
  type DualAuthServerOptions,
  NOT_ISSUED_FOR_THIS_SERVER,
  type ResolvedServerOptions,
  resolveServerOptions,
} from '../dual-auth-server-options.js';
import { dualSubjectAuthInfo } from '../dual-subject-auth-info.js';

/** Options of {@link requireDualAuth}. */
export type RequireDualAuthOptions = DualAuthServerOptions;

/** Refusal of one side, with `failed_side` in the JSON body beside the OAuth error. */
class FailedSideError extends InsufficientScopeError {
  readonly failedSide: string;
  constructor(message: string, failedSide: string) {
    super(message);
    this.failedSide = failedSide;
  }
  override toResponseObject() {
    return { ...super.toResponseObject(), failed_side: this.failedSide };
  }
}

// The SDK writes the message into `error_description="…"` as it is; a quote or backslash there
// would break the challenge's grammar (RFC 9110 §5.6.4), so clients could not read it.
const quotable = (message: string): string => message.replace(/["\\]/g, "'");

// The SDK's `requireBearerAuth` reads `<scheme> <token>` split on single spaces; a header it cannot
// read is answered by the SDK's own 401 (after the guard has decided, so the request is audited).
const SDK_READABLE_BEARER = /^bearer [^ ]+$/i;

const unreadable = {
  async verifyAccessToken(): Promise<never> {
    throw new InvalidTokenError("Invalid Authorization header format, expected 'Bearer TOKEN'");
  },
};

function verifierFor(decision: GuardDecision, server: ResolvedServerOptions) {
  return {
    async verifyAccessToken(token: string) {
      if (decision.decision === 'ALLOW') {
        if (!server.issuedForThisServer(decision.subject)) {
          throw new InvalidTokenError(NOT_ISSUED_FOR_THIS_SERVER);
        }
        return dualSubjectAuthInfo(token, decision.subject, server.resourceServerUrl);
      }
      const { error_description, failed_side: failedSide } = decision.body;
      const description = quotable(error_description);
      if (decision.status === 403) throw new FailedSideError(description, failedSide ?? 'both');
      throw new InvalidTokenError(description);
    },
  };
}

/**
 * Express middleware for an MCP server (before `StreamableHTTPServerTransport.handleRequest`):
 * verifies the agent AND the human with a `@dual-auth/resource` guard inside the MCP SDK's own
 * `requireBearerAuth`, so the tool handlers get `extra.authInfo` with the verified subjects
 * ({@link @dual-auth/mcp!getDualSubject}). Refusals are the SDK's: 401 `invalid_token` and 403
 * `insufficient_scope` (body also names `failed_side`), each with
 * `WWW-Authenticate: Bearer …, resource_metadata="…"` (RFC 9728 §5.1); 503 when the IdP's keys or
 * the replay store cannot be reached; the guard's 499 (nobody hears it) when the client went away
 * while its token was introspected or a check ran. Every request is audited by the guard as
 * `@dual-auth/resource/express` does it: the route with segments that may name a person redacted,
 * the `X-Request-Id`, an admitted request with the status the server answered as soon as its
 * status line is sent (a streamed answer is audited while it runs). An `Authorization` the SDK
 * cannot read (not exactly `Bearer <token>`, e.g. two spaces) is audited, then answered 401 by the
 * SDK.
 *
 * A custom guard (one without `audience`) gets each admitted token's `aud` checked: a token not
 * issued for this server (`tokenAudience`, default `resourceServerUrl`) is answered 401
 * `invalid_token` (RFC 8707).
 *
 * @throws TypeError at creation on a missing guard or URL.
 * @throws ConfigurationError at creation when the guard's `audience` names anything but
 * `tokenAudience` (default `resourceServerUrl`).
 * @example
 * app.post('/mcp', requireDualAuth({ guard, resourceServerUrl: new URL('https://mcp.example.com/mcp') }),
 *   async (req, res) => { … transport.handleRequest(req, res, req.body) … });
 */
export function requireDualAuth(options: RequireDualAuthOptions): RequestHandler {
  const server = resolveServerOptions(options, 'requireDualAuth');
  const { guard, resourceMetadataUrl } = server;
  return (req, res, next) => {
    guard.check(expressGuardInput(req)).then((decision) => {
      // An outage (503), or a request its client aborted (499, nobody hears it): not a refusal the
      // SDK would answer 401 invalid_token.
      if (decision.status === 503 || decision.status === 499) {
        res.status(decision.status).set(decision.headers).json(decision.body);
        return;
      }
      if (decision.decision === 'ALLOW') {
        try {
          recordStatusWhenAnswered(res, decision);
        } catch (error) {
          next(error);
          return;
        }
      }
      const authorization = req.headers.authorization;
      const readable = authorization === undefined || SDK_READABLE_BEARER.test(authorization);
      const bearer = requireBearerAuth({
        verifier: readable ? verifierFor(decision, server) : unreadable,
        resourceMetadataUrl,
      });
      return bearer(req, res, next);
    }, next);
  };
}
