/** What core knows of a standard OAuth error code. */
export interface OAuthErrorAdvice {
  /**
   * The HTTP status whose message (a vendor's `byStatus` text) describes this error, when one
   * does: `invalid_client` is an authentication failure (401) even when an IdP answers it with 400.
   */
  readonly status?: number;
  /** The message when the vendor has none for the code or for that status. */
  readonly advice: string;
}

/**
 * The token endpoint's standard error codes: RFC 6749 §5.2, plus `access_denied` (§4.1.2.1,
 * which IdPs also answer at the token endpoint), RFC 8693 §2.2.2's `invalid_target` and RFC 9449's
 * `invalid_dpop_proof` and `use_dpop_nonce`. The IdP's
 * code says what went wrong more precisely than the status does.
 */
export const OAUTH_ERROR_ADVICE: Readonly<Record<string, OAuthErrorAdvice>> =
  /* @__PURE__ */ Object.freeze({
    invalid_request: {
      status: 400,
      advice: 'The IdP found the request malformed (invalid_request) - check the adapter settings',
    },
    invalid_client: {
      status: 401,
      advice:
        'Client authentication failed (invalid_client) - check the client id, the secret or key, and the assertion audience',
    },
    invalid_grant: {
      status: 400,
      advice:
        'The IdP refused the grant (invalid_grant) - check the assertion issuer, audience and lifetime, and this machine clock',
    },
    unauthorized_client: {
      status: 403,
      advice:
        'The client may not use this grant (unauthorized_client) - allow client credentials for it at the IdP',
    },
    access_denied: {
      status: 403,
      advice: 'The IdP denied the request (access_denied) - check the client permissions',
    },
    unsupported_grant_type: {
      advice:
        'The IdP does not accept this grant type (unsupported_grant_type) - enable it for the client at the IdP',
    },
    invalid_scope: {
      advice:
        'The requested scope is unknown or not granted to the client (invalid_scope) - check the scopes the agent asks for',
    },
    invalid_target: {
      advice:
        'The IdP refused the requested audience or resource (invalid_target) - check the audience setting',
    },
    // RFC 9449 §5 and §8, for an adapter with the dpop option.
    invalid_dpop_proof: {
      advice:
        "The IdP refused the DPoP proof (invalid_dpop_proof) - check this machine's clock and that the IdP accepts the key's algorithm (its dpop_signing_alg_values_supported)",
    },
    use_dpop_nonce: {
      advice:
        'The IdP asked for a DPoP nonce again after the retry with its nonce (use_dpop_nonce) - check that no proxy drops the DPoP-Nonce header',
    },
  });
