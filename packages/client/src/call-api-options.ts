import type { DualSubjectToken, TokenProvider } from '@dual-auth/core';
import type { ApiCallIdentity } from './api-call-identity.js';
import type { DpopProofMaker } from './dpop-proof.js';
import type { ApiCallParams } from './request-url.js';

interface CallApiCommon {
  /** HTTP method, any case. Default `GET`. */
  method?: string | undefined;
  /** The API endpoint: HTTPS (or loopback `http:` with `allowInsecureLoopback`). */
  apiUrl: string | URL;
  /** Query parameters appended to `apiUrl`. */
  params?: ApiCallParams | undefined;
  /** A JSON body, sent with `Content-Type: application/json` (unless `headers` sets another). */
  json?: unknown;
  /**
   * More request headers. `Authorization` and `X-Act-Assertion` are refused: they come from the
   * token. `DPoP`, `Cookie` and `Proxy-Authorization` go to `apiUrl`'s origin only: a redirect to
   * another origin drops them (a DPoP proof names the URL it was made for, RFC 9449 §4.2).
   */
  headers?: HeadersInit | undefined;
  /**
   * Makes the `DPoP` proof of each request sent with a DPoP-bound token (RFC 9449 §4, §7.1), in
   * place of a `DPoP` header: a new proof per request, so the client can renew the token after a
   * 401 `DPoP error="invalid_token"` (a new token, a new proof) and answer a 401
   * `DPoP error="use_dpop_nonce"` once with a proof carrying the API's `DPoP-Nonce` (§9). With a
   * `DPoP` header instead, neither is done: that proof would be sent twice.
   */
  dpopProof?: DpopProofMaker | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Throw {@link @dual-auth/core!ApiCallError} for a non-2xx answer (after retries). Default
   * true; false returns the response as it is.
   */
  throwHttpErrors?: boolean | undefined;
  /**
   * The agent and human for logs, hooks and the audit record; default: `tokenProvider.identity`.
   * Each field a string or left out (`TypeError` otherwise, also from the provider's).
   * Beside a `tokenProvider` that names them, it must name the same (`TypeError` before a token
   * is asked for: the call would send one human's token and audit another); it may add what the
   * provider leaves out.
   */
  identity?: ApiCallIdentity | undefined;
}

/** A call with a fixed token (the reference's `token_response`). */
export interface CallApiWithToken extends CallApiCommon {
  tokenResponse: DualSubjectToken;
  tokenProvider?: never;
}

/** A call with a {@link TokenProvider}, which renews expired or refused tokens. */
export interface CallApiWithProvider extends CallApiCommon {
  tokenProvider: TokenProvider;
  tokenResponse?: never;
}

/** What `callApi` takes: a fixed `tokenResponse` or a `tokenProvider`, not both. */
export type CallApiOptions = CallApiWithToken | CallApiWithProvider;
