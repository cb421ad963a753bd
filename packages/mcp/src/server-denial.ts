import { HTTP_TOKEN_CHAR, isHttpToken } from '@dual-auth/core';
import type { GuardDenial } from '@dual-auth/resource';
import { NOT_ISSUED_FOR_THIS_SERVER } from './dual-auth-server-options.js';

/** A refusal an MCP server answers: the guard's, or {@link notIssuedForThisServer}. */
export type ServerDenial = Pick<GuardDenial, 'status' | 'headers' | 'body'>;

/**
 * An admitted token whose `aud` does not name this server, which a custom guard let through:
 * 401 `invalid_token` (RFC 8707; RFC 6750 §3.1).
 */
export const notIssuedForThisServer: ServerDenial = /* @__PURE__ */ (() => ({
  status: 401,
  headers: {
    'cache-control': 'no-store',
    'www-authenticate': `Bearer error="invalid_token", error_description="${NOT_ISSUED_FOR_THIS_SERVER}"`,
  },
  body: { error: 'invalid_token', error_description: NOT_ISSUED_FOR_THIS_SERVER },
}))();

// A quoted string (kept whole), or a comma where the next challenge starts: a whole token (its
// auth-scheme) not followed by `=`, which would make it an auth-param (RFC 9110 §11.6.1).
const BOUNDARY = /* @__PURE__ */ (() =>
  new RegExp(
    `("(?:[^"\\\\]|\\\\.)*")|,(?=[ \\t,]*${HTTP_TOKEN_CHAR}+(?![ \\t]*=|${HTTP_TOKEN_CHAR}))`,
    'g',
  ))();
const TOKEN68 = /* @__PURE__ */ (() => new RegExp(`^${HTTP_TOKEN_CHAR}+[ \\t]+[\\w.~+/-]+=*$`))();

// The guard's challenges, each with the pointer MCP clients discover the metadata by (RFC 9728
// §5.1): an auth-param belongs to the challenge it follows, so with `dpop` the Bearer challenge
// and the DPoP one (RFC 9449 §7.1) both carry it. The MCP SDK's client reads a field only when
// its first word is `Bearer`, then the first `resource_metadata`: `Bearer, DPoP algs="…",
// resource_metadata="…"` gave it none. A token68 challenge takes no auth-param and stays as it is.
// A quote or backslash, percent-encoded, cannot end the quoted string (RFC 9110 §5.6.4).
function withMetadataPointer(field: string, resourceMetadataUrl: string): string {
  const url = resourceMetadataUrl.replace(/["\\]/g, encodeURIComponent);
  const pointer = `resource_metadata="${url}"`;
  // NUL marks the boundaries: no header value holds one (the Fetch standard refuses it).
  return field
    .replace(BOUNDARY, (_, quoted?: string) => quoted ?? '\0')
    .split('\0')
    .map((challenge) => challenge.trim())
    .filter((challenge) => challenge !== '')
    .map((challenge) => {
      if (isHttpToken(challenge)) return `${challenge} ${pointer}`;
      return TOKEN68.test(challenge) ? challenge : `${challenge}, ${pointer}`;
    })
    .join(', ');
}

/**
 * The headers an MCP server answers `denial` with: the guard's, its
 * `WWW-Authenticate` challenge (bare when the request carried no credentials, RFC 6750 §3.1)
 * with `resource_metadata="…"` added to each of its challenges (RFC 9728 §5.1; the guard with
 * `dpop` answers a Bearer and a DPoP one) and exposed to browser clients
 * (`Access-Control-Expose-Headers`, Fetch standard's CORS protocol), with the guard's
 * `DPoP-Nonce` when it sent one (`dpop.nonce`). A denial without a challenge
 * (503, 499) keeps its headers as they are. The one place both server entries build a challenge.
 *
 * @param resourceMetadataUrl - Where the protected-resource metadata is served.
 */
export function serverDenialHeaders(denial: ServerDenial, resourceMetadataUrl: string): Headers {
  const headers = new Headers(denial.headers);
  const challenge = headers.get('www-authenticate');
  if (challenge !== null) {
    headers.set('www-authenticate', withMetadataPointer(challenge, resourceMetadataUrl));
    // A browser hides every response header outside the CORS safelist from the page unless it is
    // exposed; an MCP client finds the metadata through this one.
    // RFC 9449 §9: with the guard's `dpop.nonce`, the nonce to use comes beside the challenge.
    const exposed = headers.has('dpop-nonce') ? 'WWW-Authenticate, DPoP-Nonce' : 'WWW-Authenticate';
    headers.set('access-control-expose-headers', exposed);
  }
  return headers;
}
