// JWT kinds that name themselves in the header `typ` (RFC 8725 §3.11 explicit typing), by the
// media subtype without `application/` (RFC 7515 §4.1.9), lower case: an ID-JAG
// (draft-ietf-oauth-identity-assertion-authz-grant), a DPoP proof (RFC 9449 §4.2), a logout token
// (OpenID Connect Back-Channel Logout 1.0 §2.4), a security event token (RFC 8417 §2.3), an act
// assertion typed so (`HybridSender`'s `typ`).
const KNOWN_KINDS: Readonly<Record<string, string>> = {
  'oauth-id-jag+jwt': 'an ID-JAG',
  'dpop+jwt': 'a DPoP proof',
  'logout+jwt': 'a logout token',
  'secevent+jwt': 'a security event token',
  'act+jwt': 'an act assertion',
};
const APPLICATION = 'application/';

/**
 * What kind of JWT a header `typ` says a token is, when it names a kind that is never an access
 * token (RFC 8725 §3.11): the phrase for a message (`a DPoP proof (typ dpop+jwt)`), or
 * `undefined` for any other `typ` — `at+jwt` (RFC 9068 §2.1), `JWT` (RFC 7519 §5.1), none, and a
 * vendor's own, since IdPs differ (Okta's org authorization server types its access tokens
 * `application/okta-internal-at+jwt`, Okta support "The typ Field is Missing from the Access Token
 * Header") — compared without case and without an `application/` prefix (RFC 7515 §4.1.9).
 * `expected`, one of those kinds in lower case without the prefix (`act+jwt` for an act JWT's
 * reader), is the kind the caller reads: `undefined` for it too.
 *
 * @example
 * otherJwtKindOf('dpop+jwt'); // 'a DPoP proof (typ dpop+jwt)'
 * otherJwtKindOf('application/at+jwt'); // undefined
 * otherJwtKindOf('ACT+JWT', 'act+jwt'); // undefined
 */
export function otherJwtKindOf(typ: unknown, expected?: string): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  const kind = lower.startsWith(APPLICATION) ? lower.slice(APPLICATION.length) : lower;
  return kind !== expected && Object.hasOwn(KNOWN_KINDS, kind)
    ? `${KNOWN_KINDS[kind]} (typ ${kind})`
    : undefined;
}
