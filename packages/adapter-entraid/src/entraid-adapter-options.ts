import type { AdapterOptions, KeyInput } from '@dual-auth/core/adapter-kit';

/** Options of {@link EntraIdAdapter}. */
export interface EntraIdAdapterOptions extends AdapterOptions {
  /** The app's signing key as PEM (PKCS#8 or PKCS#1), JWK or CryptoKey; wins over `config.appPrivateKey`. */
  appPrivateKey?: KeyInput | undefined;
  /** A `kid` for the act assertion header, when resource servers pick the key from a JWKS. */
  actAssertionKid?: string | undefined;
}

/** @deprecated The 1.x spelling of {@link EntraIdAdapterOptions}, kept for migrating code. */
export type EntraIDAdapterOptions = EntraIdAdapterOptions;
