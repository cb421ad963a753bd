/**
 * What a full `InMemoryReplayStore` throws; from `@dual-auth/core`, re-exported for existing
 * imports.
 */
/** Core's header name for the hybrid layout's act assertion, re-exported for API code. */
export { ACT_ASSERTION_HEADER, ReplayStoreFullError } from '@dual-auth/core';
/**
 * The IdP's signing keys from its JWKS URL, bounded and cached; from `@dual-auth/core/adapter-kit`,
 * re-exported so existing imports keep working.
 */
export { createRemoteJwks, type RemoteJwksOptions } from '@dual-auth/core/adapter-kit';
export type { AuditFailedSide, DualAuthAuditEvent } from './audit-event.js';
export type {
  AuthorizationResult,
  AuthorizeOptions,
  FailedSide,
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
export type {
  DualAuthGuard,
  DualAuthGuardOptions,
  GuardAdmission,
  GuardDecision,
  GuardDenial,
  GuardInput,
} from './dual-auth-guard.js';
export { createDualAuthGuard } from './dual-auth-guard.js';
export type { AgentSubject, DualSubject, HumanSubject } from './dual-subject.js';
export type {
  DualSubjectCredential,
  DualSubjectVerificationErrorOptions,
} from './dual-subject-verification-error.js';
export { DualSubjectVerificationError } from './dual-subject-verification-error.js';
export type { MemoryReplayStoreOptions } from './memory-replay-store.js';
export { createMemoryReplayStore } from './memory-replay-store.js';
export type { HumanRolesLookup, HumanRolesLookupState } from './subject-checks.js';
export { agentHasRole, agentHasScope, humanHasRole, humanIn } from './subject-checks.js';
export { verifyDualSubjectRequest } from './verify-dual-subject-request.js';
export type { VerifyDualSubjectTokenOptions } from './verify-dual-subject-token.js';
export { verifyDualSubjectToken } from './verify-dual-subject-token.js';
export type {
  DualSubjectVerifyOptions,
  EntraActAssertionOptions,
  VerificationKeys,
} from './verify-options.js';
