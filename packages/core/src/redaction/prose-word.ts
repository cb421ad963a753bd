// A word as people and programs write one, not a key: parts joined by `_`, `-`, `.` or `/`, each
// in lower case, UPPER case, Capitalized or PascalCase (`AccessDeniedException`, `ERR_ACCESS`,
// `com.example.TokenExpired`, Firebase's `auth/id-token-expired`), a hump of three letters or
// more, or one of the short English words (`AccessTokenExpiredOrRevokedByUser`, AWS's
// `InvalidClientTokenId`); the first part may be a code's capitals and number (up to 8 of each:
// `IDX10503`, `ABCDEF50013_InvalidSignature`; only the first, so that a key in groups,
// `AB12-CD34-EF56`, stays a key), and a part after the first a short number (up to 8 digits, or
// `0x` and up to 16 hex digits: `_404`, `0x80070005`; a longer one is a key's, as in
// `xoxb-<13 digits>-…` or `Key_0x<64 hex>`). Closing brackets or a colon may end it, as text
// that quotes a code closes it (`AuthError(code=invalid_grant)`). A key mixes digits in, or humps
// of one letter or of two that are no word (`ZmYvbFhQaWtLcmVn`). Each part is read one way only:
// a run of capitals, then small letters and humps after them (a short word's hump is followed by
// no small letter, so it is never a longer hump's start). Were a hump allowed straight after the
// capitals, `Abc` would read two ways and a long word of such parts that fails in the end
// (`AbcAbc.` repeated, then `+`) would try 2^parts readings.
//
// An acronym of the list below may stand for a hump (`InvalidUserID.NotFound`,
// `InvalidSAMLResponse`), before a hump or the part's end only, so that it is read one way; one
// with a digit may also start a part (`S3AccessDenied`, `EC2ThrottledException`). The list is
// closed: were any run of capitals an acronym, a random code would read as a word ten times as
// often (1 in 120 of 16 base64url characters, against 1 in 1 000 with the list or without it).
const SHORT_WORD = '(?:An|As|At|Be|By|Do|Id|If|In|Is|It|My|No|Of|On|Or|So|To|Up|We)(?![a-z])';
const NUMBERED_ACRONYM = '(?:S3|EC2|B2C|X509)';
const ACRONYM = /* @__PURE__ */ (() =>
  `(?:ACL|API|ARN|AWS|CORS|CSRF|DNS|HTTPS?|IAM|ID|IP|JSON|JWKS?|JWT|KMS|MFA|OIDC|OTP|PKCE|SAML|SDK|SSL|SSO|STS|TLS|URI|URL|UUID|VPC|XML|${NUMBERED_ACRONYM})(?=[A-Z][a-z]|[^A-Za-z\\d]|$)`)();
const PROSE_PART = /* @__PURE__ */ (() =>
  `(?:(?:${NUMBERED_ACRONYM}(?=[A-Z][a-z])|[A-Z]*[a-z]+)(?:[A-Z][a-z]{2,}|${SHORT_WORD}|${ACRONYM})*|[A-Z]*)`)();
const PROSE_WORD = /* @__PURE__ */ (() =>
  new RegExp(
    `^(?=[A-Za-z])(?:[A-Z]{1,8}\\d{1,8}|${PROSE_PART})(?:[_./-](?:${PROSE_PART}|\\d{1,8}|0x[\\dA-Fa-f]{1,16}))*[)\\]}:]*$`,
  ))();

/**
 * Whether `word` reads as a word people or programs write (`insufficient_scope`,
 * `AccessDeniedException`, `ERR_ACCESS_0x80070005`, `InvalidUserID.NotFound`, `S3AccessDenied`)
 * rather than a key: a credential rule keeps such a word after a credential's name.
 */
export function readsAsProse(word: string): boolean {
  return PROSE_WORD.test(word);
}
