export { withheldCause } from '../errors/withheld-cause.js';
export { readsAsEmail } from '../redaction/reads-as-email.js';
export type { AdapterOptions, ResolvedAdapterOptions } from './adapter-options.js';
export { ADAPTER_DEFAULTS, resolveAdapterOptions } from './adapter-options.js';
export type { AssertHttpsUrlOptions } from './assert-https-url.js';
export { assertHttpsUrl } from './assert-https-url.js';
export type {
  AdapterInit,
  AssertionOptions,
  AttemptState,
  BaseAdapterConfig,
  CheckedRequest,
  IssuedTokenCheck,
  IssuedTokenContext,
  VendorProfile,
} from './base-adapter.js';
export { BaseAdapter } from './base-adapter.js';
export type { IssuedTokenExpectation } from './check-issued-token.js';
export type { JwksCooldownOption } from './check-jwks-cooldown.js';
export type { CheckedKey, CheckKeyInputOptions, KeyKind } from './check-key-input.js';
export { checkKeyInput } from './check-key-input.js';
export {
  apiTokenCheck,
  asciiJson,
  backoffDelay,
  checkIssuedToken,
  checkJwksCooldown,
  clientAssertionClaims,
  createClientAssertion,
  credentialScrubber,
  describeNetworkFailure,
  dpopAlgorithmOf,
  dpopAnswerProblem,
  encodeForm,
  hostAndPort,
  isHumanIdClaimName,
  isLoopbackHost,
  jwtPayloadOf,
  jwtTimeFault,
  missingScopes,
  parseTokenResponse,
  peopleBesideScopes,
  peopleOf,
  raceAbort,
  readBoundedBody,
  readJsonBody,
  readOAuthError,
  refuseOtherApi,
  refuseUnusableSubjectToken,
  requestedWaitMs,
  retryAfterMs,
  safeRemoteText,
  scrubCredentials,
  signClientAssertion,
  timerSleep,
  tokenAnswerProblem,
  tokenErrorFromResponse,
  tokenErrorMessage,
  tokenUrlAdvice,
  withConfigErrorLog,
} from './checked-exports.js';
export type {
  ClientAssertionClaims,
  ClientAssertionClaimsOptions,
  ClientAssertionKey,
  CreateClientAssertionOptions,
} from './client-assertion.js';
export {
  CLIENT_ASSERTION_TTL_SECONDS,
  JWT_BEARER_ASSERTION_TYPE,
  jwtBearerForm,
} from './client-assertion.js';
export type { TokenEndpoint } from './describe-network-failure.js';
export { connectTimeoutCode } from './describe-network-failure.js';
export type { DpopAnswerRules } from './dpop-answer-problem.js';
export { DpopNonceMemory } from './dpop-nonce-memory.js';
export type { DpopOptions, ResolvedDpopOptions } from './dpop-option.js';
export { checkDpopOption } from './dpop-option.js';
export type { TokenAnswerHead, TokenRequestDpop } from './dpop-token-request.js';
export { createTokenRequestDpop } from './dpop-token-request.js';
export type { FormFields } from './encode-form.js';
export { fetchFailureCode } from './fetch-failure-code.js';
export { hasControlCharacters } from './has-control-characters.js';
export { ietfRateLimitField } from './ietf-rate-limit-field.js';
export type { AsymmetricAlgorithm, ImportKeyOptions, KeyInput } from './import-key.js';
export { importPrivateKey, importPublicKey } from './import-key.js';
export { isCryptoKey } from './is-crypto-key.js';
export { jwksCooldownRangeMs } from './jwks-cooldown-range.js';
export type { JwksDownloadFailure } from './jwks-download-failure.js';
export { jwksDownloadFailure } from './jwks-download-failure.js';
export { loggableErrorType } from './loggable-error-type.js';
export type { OAuthErrorAdvice } from './oauth-error-advice.js';
export { OAUTH_ERROR_ADVICE } from './oauth-error-advice.js';
export type {
  ParseTokenResponseOptions,
  TokenAnswerRules,
  TokenEndpointJson,
} from './parse-token-response.js';
export {
  isBearerTokenType,
  isDpopTokenType,
  MAX_EXPIRES_IN_SECONDS,
} from './parse-token-response.js';
export type { PermissionRefusal } from './permission-refusal.js';
export { permissionRefusal } from './permission-refusal.js';
export { randomJti } from './random-jti.js';
export { readActOnce } from './read-act-once.js';
export { BodyTooLargeError } from './read-bounded-body.js';
export type { JsonBody } from './read-json-body.js';
export type { ApiTokenExpectation } from './refuse-other-api.js';
export { refuseUnknownRequestFields } from './refuse-unknown-request-fields.js';
export type { SubjectTokenRefusalContext } from './refuse-unusable-subject-token.js';
export type { RemoteJwksOptions } from './remote-jwks.js';
export { createRemoteJwks, DEFAULT_JWKS_STALE_IF_ERROR_MS } from './remote-jwks.js';
export type { RequestTokenEndpointOptions, TokenFormState } from './request-token-endpoint.js';
export { requestTokenEndpoint } from './request-token-endpoint.js';
export {
  type ConfigObjectUsage,
  requireAudience,
  requireConfigObject,
} from './require-config.js';
export type { RateLimitFieldReader, RetryOptions, RetryPolicy } from './retry-policy.js';
export {
  DEFAULT_RETRY_POLICY,
  NON_RETRYABLE_ERRORS,
  RETRYABLE_STATUSES,
  resolveRetryPolicy,
} from './retry-policy.js';
export { revocationUrlBesideToken } from './revocation-url-beside-token.js';
export { safeFetchCause } from './safe-fetch-cause.js';
export {
  CREDENTIAL_FORM_FIELDS,
  type CredentialScrubber,
  MIN_CREDENTIAL_PIECE,
} from './scrub-credentials.js';
export type { SigningAlgorithm, SignJwtOptions } from './sign-jwt.js';
export { signJwt } from './sign-jwt.js';
export type { Sleep } from './sleep.js';
export type { TlsTrustFailure } from './tls-trust-failure.js';
export { tlsTrustFailure } from './tls-trust-failure.js';
export type {
  OAuthErrorBody,
  OtherStatusState,
  StatusMessages,
  TokenErrorFromResponseOptions,
} from './token-endpoint-error.js';
export type { LoggedRequest, TokenRequestLog } from './token-request-log.js';
export { createTokenRequestLog } from './token-request-log.js';
export type { TokenUrlAdviceEchoes, TokenUrlHint } from './token-url-advice.js';
export type { ActProblem } from './validate-act.js';
export { findActProblem, MAX_ACT_SUB_LENGTH, validateAct } from './validate-act.js';
export { adapterLogger } from './with-config-error-log.js';
