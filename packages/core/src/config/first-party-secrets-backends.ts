/**
 * The secrets backends this project publishes: `env`, built into core, and the `<type>` of each
 * `@dual-auth/secrets-<type>` package. Only for messages (a mistyped `DUAL_AUTH_SECRETS_BACKEND`);
 * any other name still loads its `@dual-auth/secrets-<type>`.
 */
export const FIRST_PARTY_SECRETS_BACKENDS: readonly string[] = [
  'aws',
  'azure',
  'env',
  'file',
  'gcp',
  'vault',
];
