/** The IdPs dual-auth speaks to; `DUAL_AUTH_VENDOR` picks one. */
export type Vendor = 'keycloak' | 'auth0' | 'okta' | 'entraid';

/** Every vendor, in the reference's order. */
export const VENDORS: readonly Vendor[] = ['keycloak', 'auth0', 'okta', 'entraid'];

/** Where secrets come from; `DUAL_AUTH_SECRETS_BACKEND` picks one. */
export type SecretsBackendType = 'env' | 'aws' | 'gcp' | 'azure' | 'vault';

/** Every secrets backend, in the reference's order. */
export const SECRETS_BACKEND_TYPES: readonly SecretsBackendType[] = [
  'env',
  'aws',
  'gcp',
  'azure',
  'vault',
];
