/**
 * Whether a vendor's IdP revokes the agent's access tokens (RFC 7009), declared by its adapter
 * plugin (`AdapterPlugin.tokenRevocation`): where it does, the endpoint for a config; where it
 * does not, why, so `endDelegation` can answer "not supported, tokens expire at …".
 */
export type TokenRevocation<C = { readonly tokenUrl: string }> =
  | {
      readonly supported: true;
      /**
       * The RFC 7009 endpoint for this config (usually derived from the token URL), or `undefined`
       * where the endpoint is a setting this config leaves out (the generic OAuth adapter's): the
       * answer is then "not supported", for the reason `unconfigured`.
       */
      endpoint(config: C): string | undefined;
      /** Why a config without an endpoint cannot revoke: the setting that turns it on. */
      readonly unconfigured?: string;
      /** The vendor document that says so. */
      readonly documentation: string;
    }
  | {
      readonly supported: false;
      /** Why, in one sentence: what the vendor offers instead. */
      readonly reason: string;
      readonly documentation: string;
    };

/** What {@link revocationAnswer} says for one vendor and one token. */
export type RevocationAnswer =
  | { readonly supported: true; readonly endpoint: string }
  | { readonly supported: false; readonly message: string; readonly expiresAtMs: number };

/**
 * The answer for one token: its RFC 7009 endpoint where the vendor revokes access tokens (and the
 * config has the endpoint), else a message saying it is not supported, why, and when the token
 * expires (ISO 8601, UTC).
 *
 * @example
 * revocationAnswer('auth0', auth0Plugin.tokenRevocation, config, token.expiresAt);
 * // { supported: false, message: 'auth0 does not revoke access tokens (…); the token expires at 2026-…Z', … }
 */
export function revocationAnswer<C extends { readonly tokenUrl: string }>(
  vendor: string,
  revocation: TokenRevocation<C> | undefined,
  config: C,
  expiresAtMs: number,
): RevocationAnswer {
  const endpoint = revocation?.supported ? revocation.endpoint(config) : undefined;
  if (endpoint !== undefined) return { supported: true, endpoint };
  const why = revocation?.supported
    ? (revocation.unconfigured ?? 'no revocation endpoint is configured')
    : (revocation?.reason ?? 'its adapter declares no token revocation');
  return { supported: false, message: notRevokedMessage(vendor, why, expiresAtMs), expiresAtMs };
}

/**
 * "`vendor` does not revoke access tokens (`why`); the token expires at <ISO 8601, UTC>": the
 * message of a `not-supported` answer, also where the IdP itself answers that it does not revoke
 * the token's type (RFC 7009 §2.2.1 `unsupported_token_type`).
 */
export function notRevokedMessage(vendor: string, why: string, expiresAtMs: number): string {
  return `${vendor} does not revoke access tokens (${why}); the token expires at ${new Date(expiresAtMs).toISOString()}`;
}

/**
 * What became of one token when a delegation ended: `revoked` at the vendor's RFC 7009 endpoint,
 * `not-supported` by the vendor (the message says when it expires), or `failed` (the endpoint
 * refused or could not be reached; `message` says why, without the token or a secret). A `failed`
 * `endpoint` is empty where no endpoint was reached (`endDelegation`: the adapter threw, or the
 * cache could not list the tokens).
 */
export type TokenRevocationOutcome =
  | { readonly status: 'revoked'; readonly endpoint: string }
  | { readonly status: 'not-supported'; readonly message: string; readonly expiresAtMs: number }
  | { readonly status: 'failed'; readonly endpoint: string; readonly message: string };

/** Per-call options of `IamAdapter.revokeToken`. */
export interface RevokeTokenOptions {
  signal?: AbortSignal | undefined;
}
