// oidc-provider checks DPoP proofs in a module its package does not export by name; its
// package.json has no `exports` map, so the file is reachable, and typed here by what it does.
declare module 'oidc-provider/lib/helpers/validate_dpop.js' {
  import type Provider from 'oidc-provider';
  import type { KoaContextWithOIDC } from 'oidc-provider';

  /** The checked proof: the thumbprint of its key (RFC 7638), its `jti` and `iat`. */
  export interface ValidatedDpopProof {
    readonly thumbprint: string;
    readonly jti: string;
    readonly iat: number;
  }

  /**
   * Checks the request's `DPoP` header (RFC 9449 §4.3) as the token endpoint does for its own
   * grants, nonces (§8) included; undefined when there is none or DPoP is disabled.
   */
  // biome-ignore lint/style/noDefaultExport: the shape of oidc-provider's module, not ours.
  export default function validateDpop(
    provider: Provider,
    ctx: KoaContextWithOIDC,
    accessToken?: string,
  ): Promise<ValidatedDpopProof | undefined>;

  /** Refuses a proof whose `jti` was seen for that client (RFC 9449 §11.1). */
  export function checkDpopReplay(
    provider: Provider,
    ctx: KoaContextWithOIDC,
    dPoP: ValidatedDpopProof | undefined,
    clientId: string,
    ErrorClass?: new (description: string) => Error,
  ): Promise<void>;
}
