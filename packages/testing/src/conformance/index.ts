export type { CreateConformanceAdapter } from './conformance-context.js';
export { ignoredSettingWarnings } from './ignored-setting-warnings.js';
export {
  type IamAdapterConformanceOptions,
  runIamAdapterConformance,
} from './run-iam-adapter-conformance.js';
export {
  runSecretsBackendConformance,
  type SecretsBackendConformanceOptions,
  type SecretsConformanceFailure,
  type SecretsConformanceSetup,
  type SecretsConformanceStore,
} from './run-secrets-backend-conformance.js';
export { secretsBackendFailure } from './secrets-backend-failure.js';
export { type ExpectedSettingRefusal, settingRefusal } from './setting-refusal.js';
