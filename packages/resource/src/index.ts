/** Core's header name for a bound act assertion, re-exported for API code. */
export { ACT_ASSERTION_HEADER } from '@dual-auth/core';
export type { AuditFailedSide, DualAuthAuditEvent } from './audit-event.js';
export type {
  AuthorizationResult,
  AuthorizeOptions,
  FailedSide,
  HopCheck,
  HopCheckState,
  SideResult,
  SubjectCheck,
  SubjectCheckResult,
  SubjectCheckState,
} from './authorize.js';
export { authorize } from './authorize.js';
export type { BearerChallenge } from './bearer-challenge.js';
export { bearerChallenge } from './bearer-challenge.js';
export type { CachedCheckOptions } from './cached-check.js';
export { cachedCheck } from './cached-check.js';
export type { DualAuthGuard, DualAuthGuardOptions } from './dual-auth-guard.js';
export { createDualAuthGuard } from './dual-auth-guard.js';
export type { AgentSubject, ChainLink, DualSubject, HumanSubject } from './dual-subject.js';
export type {
  DualSubjectCredential,
  DualSubjectVerificationErrorOptions,
} from './dual-subject-verification-error.js';
export { DualSubjectVerificationError } from './dual-subject-verification-error.js';
export type { GuardAdmission, GuardDecision, GuardDenial, GuardInput } from './guard-decision.js';
export type { HumanRolesLookup, HumanRolesLookupState } from './subject-checks.js';
export { actorIn, agentHasRole, agentHasScope, humanHasRole, humanIn } from './subject-checks.js';
export { verifyDualSubjectRequest } from './verify-dual-subject-request.js';
export type { VerifyDualSubjectTokenOptions } from './verify-dual-subject-token.js';
export { verifyDualSubjectToken } from './verify-dual-subject-token.js';
export type {
  BoundActAssertionOptions,
  DualSubjectVerifyOptions,
  VerificationKeys,
} from './verify-options.js';
