import type { DelegationLayout } from '../jwt/token-profile.js';
import type { Act } from './act.js';
import type { DualSubjectToken } from './dual-subject-token.js';
import type { SpecificationVersion } from './specification-version.js';
import type { SubjectToken } from './subject-token.js';
import type { RevokeTokenOptions, TokenRevocationOutcome } from './token-revocation.js';
import type { Vendor } from './vendor.js';

/** One dual-subject token request: the agent, the human it acts for, the scopes wanted. */
export interface TokenRequest {
  /** The agent's IAM identity (its client id). */
  agentId: string;
  act: Act;
  scope: readonly string[];
  /**
   * The human's own token, for adapters that get the delegated token by token exchange (RFC 8693:
   * `@dual-auth/adapter-oauth` with `OAUTH_MODE=token-exchange`); `UserSession.subjectToken` holds
   * it. Adapters of the client-assertion recipe ignore it.
   */
  subjectToken?: SubjectToken | undefined;
  signal?: AbortSignal;
}

/**
 * Gets a token that carries both subjects from one IdP. One implementation per vendor
 * (`@dual-auth/adapter-<vendor>`); `session` and `client` only ever see this contract.
 */
export interface IamAdapter {
  readonly specificationVersion: SpecificationVersion;
  readonly vendor: Vendor;
  /**
   * Stable identity of this adapter's IdP client, for cache keys: vendor, token URL and client id,
   * never the secret; the adapter kit joins the parts with U+001F (and refuses values holding it);
   * with DPoP, last, the key its tokens are bound to (U+001F then `dpop:<prover id>`, which core's
   * `adapterIdWithoutKey` takes off; the adapter kit refuses a last setting `dpop:…`).
   */
  readonly id: string;
  /** Audience the issued tokens are for, when the adapter knows it. */
  readonly audience: string | undefined;
  /**
   * Optional: how many seconds before minting a token this adapter's IdP dates its `iat` (and
   * `nbf`), to allow for clock skew: Entra ID 300 (https://github.com/openid/AppAuth-iOS/issues/264),
   * as its `TokenProfile`'s `iatBackdateSeconds`. An in-session delegation cut-off judges the
   * human's token issued at `iat` plus this (core's `cutoffIssuedAtSeconds`). Absent: 0.
   * The trade: should the IdP stop backdating, a token it really minted up to this long before
   * the cut-off is accepted. At most 600 (twice Entra's): `InSessionTokenRequest` refuses a
   * larger value with a TypeError at construction.
   */
  readonly iatBackdateSeconds?: number | undefined;
  /**
   * Optional: the layout of the tokens this adapter gets, which says whether the IdP ever sees
   * `TokenRequest.subjectToken`. `rfc8693`: the human's token goes to the IdP, which verifies it
   * (RFC 8693 §2.1 token exchange, on-behalf-of, ID-JAG); `legacy`: the agent's own grant with the
   * human in its client assertion (the reference's recipe), and the subject token is never sent.
   * `InSessionTokenRequest` dates a session by the subject token's `iat` for a delegation cut-off
   * only for `rfc8693`: for `legacy`, or none, nobody verified that `iat`, and the request must
   * show the human's sign-in time (`signedInAtMs`) once the human's delegations were ended; any
   * other value is a `TypeError` at `new InSessionTokenRequest`. Absent: as `legacy`. Adapters
   * built on the kit's `BaseAdapter` declare it (`AdapterInit.layout`).
   */
  readonly layout?: DelegationLayout | undefined;
  requestToken(request: TokenRequest): Promise<DualSubjectToken>;
  /**
   * Optional: revokes a token this adapter got, at its IdP (RFC 7009 §2.1) with the agent's own
   * client authentication, or answers `not-supported` with when it expires. Adapters built on the
   * kit's `BaseAdapter` have it. Never rejects for an IdP answer or a network failure (`failed`);
   * rejects only with the caller's abort reason or a `TypeError` for a wrong argument.
   */
  revokeToken?(
    token: { readonly accessToken: string; readonly expiresAt: number },
    options?: RevokeTokenOptions,
  ): Promise<TokenRevocationOutcome>;
}
