/**
 * What a failed JWKS download tells a caller that must tell an outage ("retry later") from a key
 * server that answered something other than a JWKS ("fix the URL or the server").
 */
export interface JwksDownloadFailure {
  /**
   * True when the key server could not be asked or could not answer: a network error, a timeout,
   * HTTP 5xx, 408 Request Timeout or 429 Too Many Requests ("not now": RFC 9110 §15.5.9, §15.6;
   * RFC 6585 §4). False for another status, or a document that is malformed or too large.
   */
  readonly unreachable: boolean;
  /** The HTTP status of an answer other than 200; undefined when no answer came or it was a 200. */
  readonly status?: number | undefined;
}

// Symbol.for: the mark is read alike by every copy of @dual-auth/core, and a symbol key is left
// out of JSON and of a logger's copy of the error's fields.
const MARK = /* @__PURE__ */ Symbol.for('dual-auth.jwks-download-failure');

/** Marks `error`, the error of a failed download, with `failure`; returns `error`. */
export function markJwksDownloadFailure<E extends object>(
  error: E,
  failure: JwksDownloadFailure,
): E {
  Object.defineProperty(error, MARK, { value: failure, configurable: true });
  return error;
}

/**
 * Whether a JWKS lookup of {@link createRemoteJwks} failed for an outage, read from the error it
 * rejected with, or from the `key_unavailable` `ActVerificationError` a verifier threw for it (its
 * `cause`): `undefined` for any other error. A caller reads the verdict here rather than judging
 * statuses itself, so "retry later" means the same thing everywhere.
 *
 * @example
 * const failure = jwksDownloadFailure(error);
 * if (failure?.unreachable) return retryLater(failure.status); // HTTP 503, or no answer
 */
export function jwksDownloadFailure(error: unknown): JwksDownloadFailure | undefined {
  for (const candidate of [error, (error as { cause?: unknown } | null | undefined)?.cause]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const failure = (candidate as Record<symbol, unknown>)[MARK];
    if (failure !== undefined) return failure as JwksDownloadFailure;
  }
  return undefined;
}
