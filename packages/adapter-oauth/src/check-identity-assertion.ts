import { type SubjectToken, TOKEN_TYPE } from '@dual-auth/core';

const IDENTITY_ASSERTION_TYPES: readonly string[] = [TOKEN_TYPE.idToken, TOKEN_TYPE.saml2];

/**
 * Refuses, before any request, a subject token of `id-jag` that is not an identity assertion:
 * the enterprise IdP exchanges the human's ID token (`TOKEN_TYPE.idToken`) or SAML 2.0 assertion
 * (`TOKEN_TYPE.saml2`) for an ID-JAG (draft-ietf-oauth-identity-assertion-authz-grant §4.3, which
 * every IdP of the draft must accept). An access token, the usual `UserSession.subjectToken`, is
 * refused rather than swapped for the session's ID token: the caller chose the token, and a real
 * IdP would refuse it only after a round trip. The draft's optional refresh-token subject is not
 * sent: it would hand the agent the human's long-lived credential.
 *
 * @throws TypeError naming the type given (never the token) and what to pass instead.
 */
export function checkIdentityAssertion(subjectToken: SubjectToken): void {
  if (IDENTITY_ASSERTION_TYPES.includes(subjectToken.type)) return;
  throw new TypeError(
    `OAUTH_MODE id-jag exchanges the human's identity assertion, not a ${subjectToken.type}: pass subjectToken: UserSession.idToken (the ID token from the login), or a SAML 2.0 assertion as createSubjectToken(assertion, TOKEN_TYPE.saml2)`,
  );
}
