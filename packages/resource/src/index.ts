/** Core's header name for a bound act assertion, re-exported for API code. */

export type { AuditFailedSide, DualAuthAuditEvent } from '@dual-auth/core';
export { ACT_ASSERTION_HEADER } from '@dual-auth/core';
export { scopeForAudit } from './audit-scope.js';
export { logThrownChecks, policyBasisOf } from './authorization-record.js';
export {
  type AuthorizationResult,
  type AuthorizeOptions,
  authorize,
  DEFAULT_CHECK_TIMEOUT_MS,
  type FailedSide,
  type HopCheck,
  type HopCheckState,
  type SideResult,
  type SubjectCheck,
  type SubjectCheckResult,
  type SubjectCheckState,
  type UnsettledCause,
} from './authorize.js';
export { type BearerChallenge, bearerChallenge } from './bearer-challenge.js';
export { type CachedCheckOptions, cachedCheck } from './cached-check.js';
export type { DpopNonceOptions } from './dpop-nonce.js';
export type { DpopOptions } from './dpop-options.js';
export {
  createDualAuthGuard,
  type DualAuthGuard,
  type DualAuthGuardOptions,
} from './dual-auth-guard.js';
export type { AgentSubject, ChainLink, DualSubject, HumanSubject } from './dual-subject.js';
export {
  type DualSubjectCredential,
  DualSubjectVerificationError,
  type DualSubjectVerificationErrorOptions,
} from './dual-subject-verification-error.js';
export type { GuardAdmission, GuardDecision, GuardDenial, GuardInput } from './guard-decision.js';
export type { IssuerKeyMap } from './issuer-keys.js';
export { type IdListChecks, refuseGuardIdLists } from './several-idps.js';
export {
  actorIn,
  agentHasRole,
  agentHasScope,
  agentIn,
  type HumanRolesLookup,
  type HumanRolesLookupState,
  humanHasRole,
  humanIn,
  type IdListOptions,
} from './subject-checks.js';
export type {
  RequestCertificateReader,
  TlsClientCertificate,
  TlsClientCertificateReader,
  TlsClientCertificateSource,
} from './tls-client-certificate.js';
export {
  createTokenIntrospection,
  type IntrospectOptions,
  type TokenIntrospection,
  type TokenIntrospectionOptions,
} from './token-introspection.js';
export {
  type VerifyDualSubjectRequestOptions,
  verifyDualSubjectRequest,
} from './verify-dual-subject-request.js';
export {
  type VerifyDualSubjectTokenOptions,
  verifyDualSubjectToken,
} from './verify-dual-subject-token.js';
export type {
  AppKeyMap,
  BoundActAssertionOptions,
  DualSubjectVerifyOptions,
  VerificationKeys,
} from './verify-options.js';
