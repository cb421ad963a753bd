import { createLocalJWKSet } from 'jose';
import { JOSEError, JWKSInvalid, JWKSTimeout } from 'jose/errors';
import { markJwksDownloadFailure } from './jwks-download-failure.js';
import { BodyTooLargeError, readBoundedBody } from './read-bounded-body.js';
import { safeFetchCause } from './safe-fetch-cause.js';

/** A downloaded key set, as jose's `createLocalJWKSet` reads it. */
export type LocalJwks = ReturnType<typeof createLocalJWKSet>;

/**
 * One JWKS download: the key set, or why not. `unreachable` is true when the IdP could not be
 * asked or could not answer (network error, timeout, HTTP 5xx, 408 Request Timeout, 429 Too Many
 * Requests), false when it answered something else than a JWKS (another status, a malformed or
 * too large document). The `error` carries the same verdict and status for callers that only see
 * the error (`jwksDownloadFailure`).
 */
export type JwksDownload =
  | { readonly ok: true; readonly keys: LocalJwks }
  | {
      readonly ok: false;
      readonly error: unknown;
      readonly unreachable: boolean;
      /** The HTTP status of an answer other than 200. */
      readonly status?: number;
    };

/** How {@link downloadJwks} downloads. */
export interface DownloadJwksOptions {
  readonly fetch: typeof globalThis.fetch;
  readonly timeoutMs: number;
  readonly maxBytes: number;
}

// 408 and 429 say "not now" (RFC 9110 §15.5.9, RFC 6585 §4), not "these keys are gone": an IdP
// rate-limiting its keys endpoint, a budget anyone can spend, is an outage like a 5xx.
function isUnreachableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

// The headers jose's own remote set sends: an IdP behind a WAF may refuse a request without them.
const HEADERS = { accept: 'application/json, application/jwk-set+json' };

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/**
 * Downloads `url` once (GET, redirects not followed, as jose's remote set does) and reads it as
 * a JWKS with jose's `createLocalJWKSet`. Never rejects: a failure is a `{ ok: false }` outcome
 * whose `error` is jose's `JWKSTimeout` for a timeout, a `JOSEError` for an answer other than
 * 200, `JWKSInvalid` for a malformed document, a `BodyTooLargeError` past `maxBytes`, or a
 * copy of what `fetch` threw (`safeFetchCause`: name, code and message without the URL's query,
 * credentials or token-like text).
 */
export async function downloadJwks(url: URL, options: DownloadJwksOptions): Promise<JwksDownload> {
  const outcome = await attempt(url, options);
  if (!outcome.ok) {
    const { unreachable, status } = outcome;
    markJwksDownloadFailure(outcome.error as object, { unreachable, status });
  }
  return outcome;
}

async function attempt(url: URL, options: DownloadJwksOptions): Promise<JwksDownload> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  let body: Uint8Array;
  try {
    response = await options.fetch(url.href, {
      method: 'GET',
      headers: HEADERS,
      redirect: 'manual',
      signal,
    });
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      return {
        ok: false,
        unreachable: isUnreachableStatus(response.status),
        status: response.status,
        error: new JOSEError('Expected 200 OK from the JSON Web Key Set HTTP response'),
      };
    }
    body = await readBoundedBody(response, options.maxBytes, 'JWKS');
  } catch (error) {
    // What fetch threw becomes the refusal's cause: as a copy, since a runtime's message or a
    // wrapper's error may quote the URL with its query (Deno's) or keep the request it sent.
    if (signal.aborted || isTimeout(error)) {
      const cause = safeFetchCause(error);
      return { ok: false, unreachable: true, error: new JWKSTimeout(undefined, { cause }) };
    }
    // A BodyTooLargeError is an answer; anything else thrown here is fetch failing to connect.
    if (BodyTooLargeError.isInstance(error)) return { ok: false, unreachable: false, error };
    return { ok: false, unreachable: true, error: safeFetchCause(error) };
  }
  try {
    return { ok: true, keys: createLocalJWKSet(JSON.parse(new TextDecoder().decode(body))) };
  } catch (error) {
    const invalid =
      error instanceof JWKSInvalid ? error : new JWKSInvalid('JSON Web Key Set malformed');
    return { ok: false, unreachable: false, error: invalid };
  }
}
