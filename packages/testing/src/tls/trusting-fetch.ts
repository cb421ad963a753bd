import { Agent, fetch as undiciFetch } from 'undici';

/**
 * An undici `Agent` that trusts exactly the given CA (plus nothing else), for SDKs that accept a
 * dispatcher; `options.connectTimeoutMs` sets its connect timeout. TLS verification stays on: no `rejectUnauthorized: false`, no
 * `NODE_TLS_REJECT_UNAUTHORIZED`.
 *
 * @example
 * ```ts
 * const dispatcher = createTrustingDispatcher(ca.caPem);
 * await dispatcher.close();
 * ```
 */
export function createTrustingDispatcher(caPem: string, options: TrustingFetchOptions = {}): Agent {
  if (typeof caPem !== 'string' || !caPem.includes('BEGIN CERTIFICATE')) {
    throw new TypeError('createTrustingDispatcher: caPem must be a PEM certificate string');
  }
  const { connectTimeoutMs } = options;
  return new Agent({
    connect:
      connectTimeoutMs === undefined ? { ca: caPem } : { ca: caPem, timeout: connectTimeoutMs },
  });
}

/** Options of {@link createTrustingFetch} and {@link createTrustingDispatcher}. */
export interface TrustingFetchOptions {
  /**
   * undici's connect timeout, in ms, TCP connect and TLS handshake together (default undici's,
   * 10 000): past it the request fails with `fetch failed` caused by `UND_ERR_CONNECT_TIMEOUT`,
   * as under an overloaded host; a test sets it short against a server that never answers.
   */
  readonly connectTimeoutMs?: number | undefined;
}

/** A `fetch` that trusts one CA, with the means to release its connection pool. */
export type TrustingFetch = typeof fetch & {
  /** The undici agent behind this fetch. */
  readonly dispatcher: Agent;
};

/**
 * Returns a `fetch` (undici's) whose connections trust `caPem`, so a client under test can be
 * given it as its injected `fetch` to reach a local HTTPS server with full verification;
 * `options.connectTimeoutMs` sets undici's connect timeout.
 *
 * @example
 * ```ts
 * import { createTestCa, createTrustingFetch } from '@dual-auth/testing';
 *
 * const ca = await createTestCa();
 * const fetch = createTrustingFetch(ca.caPem);
 * const res = await fetch('https://127.0.0.1:8443/health');
 * ```
 */
export function createTrustingFetch(
  caPem: string,
  options: TrustingFetchOptions = {},
): TrustingFetch {
  const dispatcher = createTrustingDispatcher(caPem, options);
  const trustingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const [url, requestInit] = await toUndiciArguments(input, init);
    // undici's types are structurally the same as the DOM ones but nominally different.
    return (await undiciFetch(url, {
      ...(requestInit as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    })) as unknown as Response;
  };
  return Object.assign(trustingFetch, { dispatcher }) as TrustingFetch;
}

// A global Request comes from Node's bundled undici, which this undici does not recognise as its
// own Request class, so it is unpacked into a URL and an init.
async function toUndiciArguments(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<[string | URL, RequestInit | undefined]> {
  if (typeof input === 'string' || input instanceof URL) return [input, init];
  const body = input.body === null ? null : await input.arrayBuffer();
  return [
    input.url,
    {
      method: input.method,
      headers: input.headers,
      body,
      signal: input.signal,
      redirect: input.redirect,
      ...init,
    },
  ];
}
