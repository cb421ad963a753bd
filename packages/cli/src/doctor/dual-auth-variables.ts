/**
 * Every `DUAL_AUTH_*` environment variable a dual-auth package reads: core's control and log
 * variables, the secrets stores' settings, and the doctor's own. They are read as literals where
 * they are used, not from a table, so `tools/dual-auth-variables.test.ts` checks this list against
 * the sources and against docs/wire-format.md. A vendor's variables come from its plugin's
 * `settings` instead.
 */
export const DUAL_AUTH_VARIABLES: readonly string[] = [
  // @dual-auth/core: docs/wire-format.md#control-variables, docs/logging.md.
  'DUAL_AUTH_VENDOR',
  'DUAL_AUTH_SECRETS_BACKEND',
  'DUAL_AUTH_LOG',
  'DUAL_AUTH_LOG_LEVEL',
  // The secrets stores: docs/wire-format.md#secrets-backends.
  'DUAL_AUTH_AWS_REGION',
  'DUAL_AUTH_AWS_SECRET_PREFIX',
  'DUAL_AUTH_GCP_PROJECT',
  'DUAL_AUTH_GCP_SECRET_PREFIX',
  'DUAL_AUTH_AZURE_VAULT_URL',
  'DUAL_AUTH_AZURE_SECRET_PREFIX',
  'DUAL_AUTH_VAULT_MOUNT',
  'DUAL_AUTH_VAULT_PATH_PREFIX',
  'DUAL_AUTH_VAULT_REDIRECT_ORIGINS',
  'DUAL_AUTH_SECRETS_DIR',
  // @dual-auth/cli: dual-auth doctor.
  'DUAL_AUTH_DOCTOR_HUMAN',
  'DUAL_AUTH_DOCTOR_SUBJECT_TOKEN_FILE',
];
