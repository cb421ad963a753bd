import type { Vendor } from './vendor.js';

/**
 * Fields every vendor's configuration has (Python: `token_url`, `client_id`, `client_secret`).
 * A vendor's config type extends it; fields named `…Secret` or `…PrivateKey` are secrets.
 */
export interface VendorConfig {
  readonly vendor: Vendor;
  /** The IdP's token endpoint; HTTPS only. */
  readonly tokenUrl: string;
  /** The agent's client id (`AGENT_CLIENT_ID`). */
  readonly clientId: string;
  /** The agent's client secret (`AGENT_CLIENT_SECRET`); redacted in every string form. */
  readonly clientSecret: string;
}

/**
 * The config type of each vendor, by name: an empty registry that every adapter package extends
 * by declaration merging, so `getConfig({ vendor: 'acme' })` and `assertVendor(config, 'acme')`
 * give `AcmeConfig` once `@dual-auth/adapter-acme` is imported anywhere in the program.
 *
 * @example
 * // in an adapter package
 * declare module '@dual-auth/core' {
 *   interface DualAuthVendorConfigs {
 *     acme: AcmeConfig;
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: a registry that adapter packages augment
export interface DualAuthVendorConfigs {}

type Registered = DualAuthVendorConfigs[keyof DualAuthVendorConfigs];

/**
 * What `getConfig()` returns: one vendor's settings, tagged by `vendor`. The union of the
 * registered vendors' config types, or {@link VendorConfig} when none is registered.
 */
export type DualAuthConfig = [Registered] extends [never] ? VendorConfig : Registered;

/** The config type of one vendor: its registered type, else {@link VendorConfig} with that name. */
export type ConfigOf<V extends Vendor> = V extends keyof DualAuthVendorConfigs
  ? DualAuthVendorConfigs[V]
  : VendorConfig & { readonly vendor: V };
