import type { KeyInput } from '@dual-auth/core/adapter-kit';

/** A JWK with the `kid` member the DOM `JsonWebKey` type leaves out. */
export type JwkWithKid = JsonWebKey & { kid?: string | undefined };

/** A signing key: PKCS#8 PEM text, a private JWK (its `kid` is used) or a `CryptoKey`. */
export type SigningKeyInput = KeyInput | JwkWithKid;
