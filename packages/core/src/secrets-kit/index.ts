export type { OptionKind } from '../config/check-option.js';
export { checkOption, checkValue } from '../config/check-option.js';
export { redactQuotedCredentials } from '../redaction/checked-exports.js';
export type {
  BackendDefaults,
  ResolvedBackendOptions,
  SecretsBackendOptions,
} from './backend-options.js';
export { resolveBackendOptions } from './backend-options.js';
export type { SecretLocation } from './cached-secrets-backend.js';
export { CachedSecretsBackend } from './cached-secrets-backend.js';
export type { CheckedGetSecretOptions } from './check-get-secret-args.js';
export { checkGetSecretArgs } from './check-get-secret-args.js';
export {
  constructSdkClient,
  deriveLoadTimeoutMs,
  kebabSecretName,
  parseJsonSecret,
  secretValue,
  settingSource,
  stringSetting,
} from './checked-exports.js';
export type { SdkClientFailure } from './construct-sdk-client.js';
export type { LoadTimeoutParts } from './derive-load-timeout-ms.js';
export { SECRET_LOAD_MARGIN_MS } from './derive-load-timeout-ms.js';
export { errorWord } from './error-word.js';
export { isNetworkError } from './is-network-error.js';
export type { JsonSecretSource } from './parse-json-secret.js';
export type { SafeCauseOptions } from './safe-cause.js';
export { describeError, safeCause } from './safe-cause.js';
export type { SecretCacheOptions, SecretLookup, SecretMiss } from './secret-cache.js';
export {
  DEFAULT_SECRET_CACHE_TTL_MS,
  DEFAULT_SECRET_LOAD_TIMEOUT_MS,
  SecretCache,
} from './secret-cache.js';
