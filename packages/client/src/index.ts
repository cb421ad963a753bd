/** The contract of `@dual-auth/core`, re-exported: session's `tokenProvider()` returns one. */
export type { GetTokenOptions, TokenProvider } from '@dual-auth/core';
/** Core's header name for the hybrid layout's act assertion, re-exported for callers of the client. */
/**
 * Core's error for a URL or redirect outside `allowedOrigins`, re-exported: the one class
 * `@dual-auth/mcp/client` throws too.
 */
/**
 * Core's timer on an injected clock, re-exported (the client's deadlines run on it; `@dual-auth/mcp`
 * times its answers with it).
 */
export { ACT_ASSERTION_HEADER, ClockTimer, OriginRefusedError } from '@dual-auth/core';
export type { Sleep } from '@dual-auth/core/adapter-kit';
export { ApiCall } from './api-call.js';
export type {
  ApiCallHooks,
  RequestEndState,
  RequestStartState,
} from './api-call-hooks.js';
export type { ApiCallIdentity } from './api-call-identity.js';
export {
  type ApiCallOptions,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
} from './api-call-options.js';
export type {
  CallApiOptions,
  CallApiWithProvider,
  CallApiWithToken,
} from './call-api-options.js';
export type { ChallengeRefusal } from './challenge-error-text.js';
export type { ChallengeRemedy } from './challenge-remedy.js';
export {
  assertProvable,
  assertTokenFor,
  challengeRefusal,
  challengeRemedy,
  isInvalidRequestChallenge,
  isInvalidTokenChallenge,
  makeDpopProof,
  proofUrl,
  redirectStep,
  withCredentials,
} from './checked-helpers.js';
export { assertDualSubjectToken } from './credential-headers.js';
export { DpopNonces } from './dpop-nonces.js';
export type { DpopProofMaker, DpopProofRequest } from './dpop-proof.js';
export type { HttpMethod } from './http-method.js';
export { HTTP_METHODS, IDEMPOTENT_METHODS } from './http-method.js';
export { InSessionAPICall, InSessionApiCall } from './in-session-api-call.js';
export { INVALID_REQUEST_ADVICE } from './invalid-token-challenge.js';
export { OutOfSessionAPICall, OutOfSessionApiCall } from './out-of-session-api-call.js';
export type { PythonApiCallOptions } from './python-api-call-options.js';
export type { RedirectStep, RefusedRedirect } from './redirect-step.js';
export type { ApiCallParams, ApiCallParamValue } from './request-url.js';
export type { ApiCallRetryOptions } from './retry-policy.js';
export { type UncheckedIdentityNote, uncheckedIdentityNote } from './unchecked-identity-note.js';
