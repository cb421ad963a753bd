// Its type is declared beside it, and referenced so that every package compiling these sources sees it.
/// <reference path="./oidc-provider-internals.d.ts" />
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import validateDpop, { checkDpopReplay } from 'oidc-provider/lib/helpers/validate_dpop.js';

/** The key a delegated token is bound to (RFC 9449 §6.1 `cnf.jkt`), when the request proved one. */
export interface DpopBinding {
  readonly jkt: string;
  /** Spends the proof's `jti`: a second use is refused (§11.1). Call once the token is issued. */
  spend(): Promise<void>;
}

/**
 * Checks the `DPoP` proof of a token request on one of the local IdP's registered grants with
 * oidc-provider's own check of its built-in grants (RFC 9449 §4.3: `typ`, `alg`, signature by the
 * embedded key, `htm`, `htu`, `iat`, and the nonce when the IdP requires one, §8), so a delegated
 * token binds exactly as a client-credentials one (§5). Undefined without a proof, or when the
 * vendor shape has DPoP off. Throws oidc-provider's `invalid_dpop_proof` / `use_dpop_nonce`.
 * @internal
 */
export async function dpopBindingOf(
  provider: Provider,
  ctx: KoaContextWithOIDC,
): Promise<DpopBinding | undefined> {
  const proof = await validateDpop(provider, ctx);
  if (proof === undefined) return undefined;
  const clientId = String(ctx.oidc.client?.clientId);
  return {
    jkt: proof.thumbprint,
    // As the client-credentials grant does: a replay is invalid_grant with the detail the token
    // endpoint turns into invalid_dpop_proof (create-provider.ts).
    spend: () => checkDpopReplay(provider, ctx, proof, clientId, errors.InvalidGrant),
  };
}
