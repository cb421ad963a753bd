import type { AdapterOptions, KeyInput } from '@dual-auth/core/adapter-kit';

/** Options of {@link Auth0Adapter}. */
export interface Auth0AdapterOptions extends AdapterOptions {
  /**
   * `client_secret_jwt` (default, the reference: HS256 with the client secret) or
   * `private_key_jwt` (what Auth0 documents and a real tenant needs: RS256/PS256/ES256 key).
   */
  clientAuthentication?: 'client_secret_jwt' | 'private_key_jwt' | undefined;
  /** The agent's private key for `private_key_jwt` (PEM PKCS#8, JWK or CryptoKey). */
  privateKey?: KeyInput | undefined;
  /** Default RS256. */
  privateKeyAlg?: 'RS256' | 'PS256' | 'ES256' | undefined;
  /** The `kid` of the credential registered in Auth0, put in the assertion header. */
  kid?: string | undefined;
  /**
   * Also send the requested scopes as `scope` (Auth0 then issues only those it granted). Default
   * false: the reference never sends them.
   */
  sendScope?: boolean | undefined;
}
