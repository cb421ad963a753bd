// A claim name as compared with those refused: lower case, without `-`, `_`, `.` or blanks, so
// `Email`, `E-Mail`, `given-name` and `UPN` are refused as `email`, `given_name` and `upn` are.
function folded(claim: string): string {
  return claim.toLowerCase().replace(/[-_.\s]/g, '');
}

// Claims that name something other than the human by id: the subject itself (`sub`, the default),
// Entra's `oid` (always compared), the actor and the party that may act (RFC 8693 §4.1, §4.4),
// the client, the RFC 7519 §4.1 registered claims (one value for every human of a server, or a
// number), and a login, email or display name a user may edit.
const REFUSED = /* @__PURE__ */ (() =>
  new Set(
    [
      'sub',
      'oid',
      'act',
      'may_act',
      'client_id',
      'azp',
      'cid',
      'appid',
      'iss',
      'aud',
      'exp',
      'nbf',
      'iat',
      'jti',
      'email',
      'email_verified',
      'preferred_username',
      'upn',
      'unique_name',
      'name',
      'given_name',
      'family_name',
      'login',
      'username',
      'nickname',
      'mail',
      'emails',
      'userPrincipalName',
    ].map(folded),
  ))();

// A claim name as IdPs spell one (`uid`, `https://example.com/user_id`): printable ASCII, bounded.
const CLAIM_NAME = /^[\x21-\x7e]{1,128}$/;

/**
 * Whether `claim` may name where a token keeps its human's user id instead of `sub` (Okta custom
 * authorization server: `uid`): a printable-ASCII name of at most 128 characters that is not
 * `sub`, `oid`, `act`, `may_act`, a client claim (`client_id`, `azp`, `cid`, `appid`), an RFC 7519
 * §4.1 registered claim (`iss`, `aud`, `exp`, `nbf`, `iat`, `jti`), a login, email or display name
 * (`email`, `preferred_username`, `upn`, `unique_name`, `name`, `given_name`, `family_name`,
 * `login`, `username`, Auth0's `nickname`, Entra's `mail` and `userPrincipalName`, `emails`), compared case- and format-folded (`Email`, `E-Mail`, `given-name`, `UPN` are refused), nor a property of
 * `Object.prototype` (`__proto__`, `constructor`, …). Read such a claim with `Object.hasOwn` only.
 *
 * @example
 * isHumanIdClaimName('uid'); // true
 * isHumanIdClaimName('iss'); // false
 */
export function isHumanIdClaimName(claim: string): boolean {
  return (
    CLAIM_NAME.test(claim) &&
    !REFUSED.has(folded(claim)) &&
    claim !== 'prototype' &&
    !Object.hasOwn(Object.prototype, claim)
  );
}
