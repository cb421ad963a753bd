import type { DualAuthVendorConfigs } from './config.js';

/**
 * The vendors whose adapter package is part of this program's types: each adapter package adds
 * its name to {@link DualAuthVendorConfigs}. Only for editor completion and narrowing.
 */
export type RegisteredVendor = Extract<keyof DualAuthVendorConfigs, string>;

/**
 * An IdP's name, as `DUAL_AUTH_VENDOR` writes it: an open string. `@dual-auth/adapter-<vendor>`
 * implements it; core knows no vendor itself.
 */
export type Vendor = RegisteredVendor | (string & {});

/**
 * A secrets backend's name, as `DUAL_AUTH_SECRETS_BACKEND` writes it: `env` (built in) or the
 * `<type>` of a `@dual-auth/secrets-<type>` package; an open string.
 */
export type SecretsBackendType = 'env' | (string & {});
