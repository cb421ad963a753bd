import { ACT_ASSERTION_HEADER } from '@dual-auth/core';
import {
  type DualSubjectCredential,
  DualSubjectVerificationError,
} from './dual-subject-verification-error.js';

/** The credentials of a dual-subject request, as sent. */
export interface BearerCredentials {
  accessToken: string;
  actAssertion: string | undefined;
}

/** The `Authorization` schemes a token is read from: RFC 6750 §2.1, RFC 9449 §7.1. */
export type TokenScheme = 'Bearer' | 'DPoP';

const SCHEME_OF = { Bearer: /^Bearer(\s|$)/i, DPoP: /^DPoP(\s|$)/i };
const TOKEN_OF = {
  Bearer: /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i,
  DPoP: /^DPoP +([A-Za-z0-9\-._~+/]+=*) *$/i,
};
/** A JWS compact serialization (RFC 7515 §7.1), the signature part possibly empty. */
export const COMPACT_JWT = /^[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*$/;

/**
 * Where the query starts as Fastify's router reads it: the path's first `?`, `#` or `;` (an
 * absolute URL's authority skipped, where a `;` may be a host's), or -1. Linear: no regex
 * backtracking over a 16 KB request line.
 */
function routerQueryStart(url: string): number {
  const path = url.startsWith('/') ? 0 : url.indexOf('/', url.indexOf('://') + 3);
  if (path === -1) return -1;
  const found = url.slice(path).search(/[?#;]/);
  return found === -1 ? -1 : path + found;
}

/** The refusal of a credential header sent more than once. */
export function repeated(credential: DualSubjectCredential, header: string) {
  return new DualSubjectVerificationError({
    credential,
    reason: 'malformed',
    claim: header,
    malformedRequest: true,
    message: `${header} header was sent more than once; send it exactly once`,
  });
}

/**
 * Refuses a request whose URL carries an `access_token` query parameter, with the `Authorization`
 * header or alone: a malformed request (`malformedRequest`: 400 `invalid_request`). RFC 6750 §2:
 * a client uses one method per request, §3.1 names more than one a malformed request; §2.3, §5.3:
 * a token in the URL lands in browser history and server logs, so it is never taken, and never
 * left beside the header a guard admitted, for the app or a proxy to act on.
 *
 * `url` is read as each framework reads a query: after the first `?` and before a `#` (RFC 3986
 * §3.4, §3.5: Express, Hono, `URLSearchParams`), and from the path's first `?`, `#` or `;` to the
 * end (Fastify's router, find-my-way, with `;` under its `useSemicolonDelimiter`), names
 * percent-decoded, whatever precedes it, so an absolute URL whose host the URL parser refuses (a
 * `Host` header of `999.1.1.1`) and a request target alone (`req.url`) are read too.
 * `access_token[…]` counts as `access_token`: Express's `extended` parser (qs) hands it to the app
 * as `req.query.access_token`. A request without a query costs no parse.
 *
 * @throws DualSubjectVerificationError `access_token.sent_in_url` with `malformedRequest`, its
 * server-side hint saying to revoke the token and fix the client (a doubled header is `malformed`).
 */
export function refuseTokenInQuery(url: string | undefined): void {
  if (url === undefined) return;
  const target = url.split('#', 1)[0] as string;
  const start = target.indexOf('?');
  const router = routerQueryStart(url);
  // Each from its delimiter, which URLSearchParams drops as a `?`: a second one stays in the
  // name, as the frameworks keep it. The same text is parsed once.
  const queries = new Set<string>();
  if (start !== -1) queries.add(target.slice(start));
  if (router !== -1) queries.add(`?${url.slice(router + 1)}`);
  for (const name of [...queries].flatMap((query) => [...new URLSearchParams(query).keys()])) {
    if (name === 'access_token' || name.startsWith('access_token[')) {
      throw new DualSubjectVerificationError({
        credential: 'access_token',
        reason: 'sent_in_url',
        claim: 'access_token',
        malformedRequest: true,
        message:
          'access_token query parameter was sent; send the access token in the Authorization header only, never in the URL',
        hint: 'proxy and server logs hold a token sent in a URL (RFC 6750 section 5.3): revoke it at the IdP and fix the client',
      });
    }
  }
}

const DPOP_AT_BEARER_ONLY =
  'a DPoP-bound token (Authorization: DPoP) reached a guard without dpop, which takes Bearer tokens only: give the guard its dpop option to accept it (RFC 9449 section 7.1)';

/** True when `authorization` names the DPoP scheme (RFC 9449 §7.1; schemes ignore case). */
export function isDpopScheme(authorization: string | null | undefined): boolean {
  return typeof authorization === 'string' && SCHEME_OF.DPoP.test(authorization);
}

/**
 * Reads `Authorization: Bearer <token>` (RFC 6750 §2.1), or with `scheme` `DPoP` (RFC 9449 §7.1)
 * `Authorization: DPoP <token>`, and `X-Act-Assertion`. A missing `Authorization`, or one of
 * another scheme, is absent credentials (a `DPoP` one read as `Bearer` with a `hint` for the
 * operator's log: give the guard `dpop`); a value that is not one token, an assertion that is not
 * one compact JWT, or a repeated header is a malformed request (`malformedRequest`: 400
 * `invalid_request`, RFC 6750 §3.1), decided from the headers alone. Repeated credentials are refused, never picked from: a Bearer token (RFC 6750
 * `b64token`) and a compact JWT hold no comma, while `Headers` (fetch, Hono) and the Node
 * middlewares (from `rawHeaders`) join repeated lines with ", " (RFC 9110 §5.3), so a comma in
 * either header means it came more than once.
 */
export function readBearerCredentials(
  authorization: string | null | undefined,
  actAssertion: string | null | undefined,
  scheme: TokenScheme = 'Bearer',
): BearerCredentials {
  if (authorization?.includes(',')) throw repeated('access_token', 'Authorization');
  if (!authorization || !SCHEME_OF[scheme].test(authorization)) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'missing_claim',
      claim: 'Authorization',
      absent: true,
      message: 'Missing Authorization header with a Bearer token',
      // A DPoP-bound token at a guard without `dpop`: still absent credentials to the client
      // (RFC 6750 §3.1), but the operator is told what to change (RFC 9449 §7.1).
      ...(scheme === 'Bearer' && isDpopScheme(authorization) ? { hint: DPOP_AT_BEARER_ONLY } : {}),
    });
  }
  const token = TOKEN_OF[scheme].exec(authorization)?.[1];
  if (token === undefined) {
    throw new DualSubjectVerificationError({
      credential: 'access_token',
      reason: 'malformed',
      claim: 'Authorization',
      malformedRequest: true,
      message: `Authorization header must be '${scheme} <token>' with exactly one token`,
    });
  }
  if (actAssertion?.includes(',')) throw repeated('act_assertion', ACT_ASSERTION_HEADER);
  const assertion = actAssertion?.trim();
  if (assertion && !COMPACT_JWT.test(assertion)) {
    throw new DualSubjectVerificationError({
      credential: 'act_assertion',
      reason: 'malformed',
      claim: ACT_ASSERTION_HEADER,
      malformedRequest: true,
      message: `${ACT_ASSERTION_HEADER} header must hold one compact JWT`,
    });
  }
  return { accessToken: token, actAssertion: assertion || undefined };
}
