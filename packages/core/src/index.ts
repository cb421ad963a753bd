export type {
  AuditEventInit,
  AuditFailedSide,
  AuditIdentities,
  AuditSource,
  DualAuthAuditEvent,
} from './audit/audit-event.js';
export { AUDIT_EVENT_NAME, AUDIT_EVENT_VERSION, auditRequestId } from './audit/audit-event.js';
export { createAuditEvent, emitAuditEvent } from './audit/checked-exports.js';
export { AGENT_SETTINGS, tokenUrlSetting } from './config/agent-settings.js';
export { assertVendor } from './config/assert-vendor.js';
export type { OptionKind } from './config/check-option.js';
export {
  checkOption,
  checkSecondsOption,
  checkValue,
  MAX_CLOCK_TOLERANCE_SECONDS,
  ownOption,
  ownOptions,
  requireValue,
} from './config/check-option.js';
export { envVariable } from './config/checked-exports.js';
export type { CreateAdapterOptions } from './config/create-adapter.js';
export { createAdapter } from './config/create-adapter.js';
export { createDualAuthConfig } from './config/create-dual-auth-config.js';
export type { EnvSecretsBackendOptions } from './config/env-secrets-backend.js';
export { createEnvSecretsBackend } from './config/env-secrets-backend.js';
export type { GetConfigOptions } from './config/get-config.js';
export { getConfig } from './config/get-config.js';
export type { GetSecretsBackendTypeOptions } from './config/get-secrets-backend-type.js';
export { getSecretsBackendType } from './config/get-secrets-backend-type.js';
export type { GetVendorOptions } from './config/get-vendor.js';
export { getVendor } from './config/get-vendor.js';
export type { ImportModule } from './config/import-plugin.js';
export type { LoadSecretsBackendOptions } from './config/load-secrets-backend.js';
export { loadSecretsBackend } from './config/load-secrets-backend.js';
export { readEnv } from './config/read-env.js';
export { readOptions } from './config/read-options.js';
export { refuseInheritedOptions } from './config/refuse-inherited-options.js';
export {
  argumentKindOf,
  type PositionalArgumentsUsage,
  refusePositionalArguments,
} from './config/refuse-positional-arguments.js';
export type { KnownOptions } from './config/refuse-unknown-options.js';
export { refuseUnknownOptions } from './config/refuse-unknown-options.js';
export { requireArray, requireResponse, requireUrl } from './config/require-argument.js';
export type { ValidateAdapterConfigOptions } from './config/validate-adapter-config.js';
export { validateAdapterConfig } from './config/validate-adapter-config.js';
export type { Act } from './contracts/act.js';
export { ACT_ASSERTION_HEADER } from './contracts/act-assertion-header.js';
export {
  adapterIdWithoutKey,
  ClockTimer,
  cutoffIdsOf,
  delegationCutoffVerdict,
  endedDelegationPhrase,
  latestCutoffOf,
  revocationAnswer,
  shownScopeOf,
} from './contracts/checked-exports.js';
export type { Clock } from './contracts/clock.js';
export { systemClock } from './contracts/clock.js';
export { CLOCK_STOOD_STILL_ADVICE } from './contracts/clock-timer.js';
export type {
  ConfigOf,
  DualAuthConfig,
  DualAuthVendorConfigs,
  VendorConfig,
} from './contracts/config.js';
export {
  type DelegationCutoffCheck,
  type DelegationCutoffStore,
  type DelegationCutoffVerdict,
  issuedBeforeCutoff,
} from './contracts/delegation-cutoff-store.js';
export type {
  DoctorAdvice,
  DoctorAppKeyAdvice,
  DoctorCheckId,
  DoctorFix,
} from './contracts/doctor-advice.js';
export type {
  DualSubjectToken,
  DualSubjectTokenInit,
  TokenResponse,
} from './contracts/dual-subject-token.js';
export { createDualSubjectToken } from './contracts/dual-subject-token.js';
export { HTTP_TOKEN_CHAR, isHttpToken } from './contracts/http-token.js';
export type { IamAdapter, TokenRequest } from './contracts/iam-adapter.js';
export {
  checkIatBackdateSeconds,
  cutoffIssuedAtSeconds,
  MAX_IAT_BACKDATE_SECONDS,
} from './contracts/iat-backdate.js';
export type { LogFields, Logger, LogLevel, LogValue } from './contracts/logger.js';
export type {
  AdapterPlugin,
  CompleteConfigContext,
  ConfigOfPlugins,
  ConfigSetting,
  ConfigSettingKind,
  DualAuthPlugin,
  EnvRecord,
  IgnoredSetting,
  KeyFileSetting,
  PluginOptions,
  SecretsBackendModule,
  SecretsBackendPlugin,
} from './contracts/plugin-modules.js';
export type { RandomBytes } from './contracts/random.js';
export { webCryptoRandomBytes } from './contracts/random.js';
export type { GetSecretOptions, JsonSecret, SecretsBackend } from './contracts/secrets-backend.js';
export type { SpecificationVersion } from './contracts/specification-version.js';
export { SPECIFICATION_VERSION } from './contracts/specification-version.js';
export { SteadyClock } from './contracts/steady-clock.js';
export type {
  ReplayClaimOptions,
  ReplayStore,
  TokenCache,
  TokenCacheKey,
  TokenCacheLock,
  TokenCacheLockOptions,
  TokensOfOptions,
} from './contracts/stores.js';
export type { SubjectToken, SubjectTokenType } from './contracts/subject-token.js';
export {
  createSubjectToken,
  isSubjectToken,
  readSubjectTokenOnce,
  TOKEN_TYPE,
} from './contracts/subject-token.js';
export type {
  GetTokenOptions,
  TokenProvider,
  TokenProviderIdentity,
} from './contracts/token-provider.js';
export type {
  RevocationAnswer,
  RevokeTokenOptions,
  TokenRevocation,
  TokenRevocationOutcome,
} from './contracts/token-revocation.js';
export type { RegisteredVendor, SecretsBackendType, Vendor } from './contracts/vendor.js';
export type {
  ActVerificationErrorOptions,
  ActVerificationReason,
} from './errors/act-verification-error.js';
export { ActVerificationError, isOutageReason } from './errors/act-verification-error.js';
export type { ApiCallErrorOptions, ApiCallFailureReason } from './errors/api-call-error.js';
export { API_CALL_ERROR_FIELDS, ApiCallError } from './errors/api-call-error.js';
export { type ErrorArgumentKind, errorOptions } from './errors/checked-exports.js';
export type { ConfigurationErrorOptions } from './errors/configuration-error.js';
export { ConfigurationError } from './errors/configuration-error.js';
export type { DualAuthErrorCode, DualAuthErrorOptions } from './errors/dual-auth-error.js';
export { DualAuthError } from './errors/dual-auth-error.js';
export { errorClassOf } from './errors/error-class-of.js';
export { OriginRefusedError } from './errors/origin-refused-error.js';
export type {
  SecretsBackendErrorOptions,
  SecretsBackendName,
} from './errors/secrets-backend-error.js';
export { SecretsBackendError } from './errors/secrets-backend-error.js';
export { SubjectTokenRequiredError } from './errors/subject-token-required-error.js';
export type {
  IssuedTokenMismatch,
  TokenRequestErrorOptions,
} from './errors/token-request-error.js';
export { TokenRequestError } from './errors/token-request-error.js';
export {
  activeLogger,
  defaultLogger,
  LogSwitchMemo,
  loggerOrDefault,
  resolveDefaultLogger,
  setDefaultLogger,
} from './logging/default-logger.js';
export type { JsonLoggerOptions } from './logging/json-logger.js';
export { createJsonLogger } from './logging/json-logger.js';
export { noopLogger } from './logging/noop-logger.js';
export {
  actForLogging,
  routeForLogging,
  routeTemplateForLogging,
  urlRouteForLogging,
  withoutPersonalText,
} from './redaction/checked-exports.js';
export {
  humanIdForLogging,
  type LoggableHuman,
  prepareHumanIdForLogging,
  UNDIGESTED_HUMAN_ID,
} from './redaction/human-id-for-logging.js';
export { readsAsEmail } from './redaction/reads-as-email.js';
export { REDACTED, trimRemoteText, urlForLogging } from './redaction/redact.js';
export type { RouteSource } from './redaction/route-for-logging.js';
export { defaultReplayStore } from './stores/default-replay-store.js';
export {
  checkDelegationCutoffArguments,
  InMemoryDelegationCutoffStore,
  type InMemoryDelegationCutoffStoreOptions,
} from './stores/in-memory-delegation-cutoff-store.js';
export type { InMemoryReplayStoreOptions } from './stores/in-memory-replay-store.js';
export { InMemoryReplayStore } from './stores/in-memory-replay-store.js';
export { refuseExpiresAtInSeconds } from './stores/refuse-expires-at-in-seconds.js';
export { ReplayStoreFullError } from './stores/replay-store-full-error.js';
export {
  cutoffStoreClockAdvice,
  replayStoreClockAdvice,
} from './stores/store-clock-advice.js';
export type {
  StoreOperation,
  StoreUnavailableReason,
} from './stores/store-unavailable-error.js';
export { StoreUnavailableError } from './stores/store-unavailable-error.js';
export {
  httpClientAttributes,
  withHttpClientSpan,
  withLeafSpan,
  withSpan,
} from './telemetry/checked-exports.js';
export type {
  LazyTelemetryAttributes,
  SpanOptions,
  TelemetryApi,
  TelemetryAttributes,
  TelemetryHistogram,
  TelemetryMetric,
  TelemetrySpan,
} from './telemetry/telemetry.js';
export {
  countMetric,
  recordDuration,
  setTelemetryApi,
  telemetryIdle,
} from './telemetry/telemetry.js';
export type { HttpClientAttempt } from './telemetry/with-http-client-span.js';
export { VERSION } from './version.js';
